//! Audit entries made readable: who did what when, and for changes each field's value before
//! and after, with codes turned into labels (sex, ethnicity, relation, reason).

use ansinh_core::{AreaCatalog, Ethnicity, MoveReason, Relation, Sex};
use ansinh_store::audit::AuditEntry;
use serde_json::{Map, Value};

use crate::format;
use crate::i18n::Tr;

pub struct EntryView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_class: &'static str,
    pub entity: String,
    pub link: Option<String>,
    pub note: String,
    pub changes: Vec<Change>,
}

pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
    /// A link for the value after, when it names a record (a person joining a household).
    pub link: Option<String>,
}

fn object(json: Option<&str>) -> Map<String, Value> {
    json.and_then(|j| serde_json::from_str::<Value>(j).ok())
        .and_then(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default()
}

fn field_label(t: Tr, key: &str) -> String {
    let k = match key {
        "personal_id" => "field-pid",
        "full_name" => "field-full_name",
        "sex" => "field-sex",
        "birth" => "field-birth",
        "ethnicity" => "field-ethnicity",
        "area_code" => "field-commune",
        "phone" => "field-phone",
        "death_date" => "field-death",
        "code" => "field-household_code",
        "address" => "field-address",
        "head_id" => "field-head",
        "person_id" => "field-person",
        "relation" => "field-relation",
        "joined_on" => "field-joined_on",
        "left_on" => "field-left_on",
        "reason" => "field-reason",
        "username" => "login-username",
        "display_name" => "field-display_name",
        "role" => "field-role",
        "areas" => "field-areas",
        "password" => "login-password",
        "must_change_password" => "field-must_change",
        "disabled" => "field-disabled",
        _ => return key.to_string(),
    };
    t.s(k).to_string()
}

/// "19900 · Phường Thuận An": a commune code with the name of the unit it names today, or of
/// the last unit that carried it (codes of merged communes live on in old records).
fn area_text(areas: &AreaCatalog, code: &str) -> Option<String> {
    let named = areas
        .by_code_on(code, ansinh_store::today_vn())
        .or_else(|| areas.areas.iter().rev().find(|a| a.code == code))?;
    Some(format!("{code} · {}", named.name))
}

fn value_text(t: Tr, areas: &AreaCatalog, key: &str, v: &Value) -> String {
    let s = match v {
        Value::Null => return "—".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    };
    match key {
        "sex" => Sex::from_code(&s).map(|x| t.sex(x).to_string()),
        "ethnicity" => s
            .parse::<u8>()
            .ok()
            .and_then(Ethnicity::from_code)
            .map(|e| e.name().to_string()),
        "relation" => Relation::from_code(&s).map(|r| t.relation(r).to_string()),
        "reason" => MoveReason::from_code(&s).map(|r| t.reason(r).to_string()),
        "role" => ansinh_core::access::Role::from_code(&s).map(|r| t.role(r).to_string()),
        "area_code" => area_text(areas, &s),
        // The key of a linked record says nothing to a reader; the link opens it (and the
        // scope check there decides whether the reader may see it).
        "person_id" | "head_id" => Some(t.s("history-open_record").to_string()),
        "areas" => match v {
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or(s)
}

fn link_for(key: &str, v: &Value) -> Option<String> {
    match (key, v) {
        ("person_id" | "head_id", Value::String(id)) => Some(format!("/nhan-khau/{id}")),
        _ => None,
    }
}

/// The fields that differ between before and after (for a creation, the fields it filled in).
pub fn changes(
    t: Tr,
    areas: &AreaCatalog,
    before: Option<&str>,
    after: Option<&str>,
) -> Vec<Change> {
    let b = object(before);
    let mut a = object(after);
    if before.is_none() {
        a.retain(|_, v| !matches!(v, Value::Null) && v.as_str() != Some(""));
    }
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter_map(|k| {
            let old = b.get(k);
            let new = a.get(k);
            if old == new {
                return None;
            }
            let text = |v: Option<&Value>| match v {
                Some(v) => value_text(t, areas, k, v),
                None => String::new(),
            };
            Some(Change {
                label: field_label(t, k),
                before: if old.is_some() {
                    text(old)
                } else {
                    String::new()
                },
                after: if new.is_some() {
                    text(new)
                } else {
                    "—".into()
                },
                link: new
                    .and_then(|v| link_for(k, v))
                    .or_else(|| old.and_then(|v| link_for(k, v))),
            })
        })
        .collect()
}

fn action_class(action: &str) -> &'static str {
    match action {
        "denied" | "login_failed" => "bad",
        "create" | "move_in" | "import" => "ok",
        "update" | "move_out" => "warn",
        _ => "",
    }
}

pub fn view(t: Tr, areas: &AreaCatalog, e: &AuditEntry) -> EntryView {
    let entity_label = match e.entity.as_str() {
        "person" => t.s("entity-person").to_string(),
        "household" => t.s("entity-household").to_string(),
        "user" => t.s("entity-user").to_string(),
        "registry" => t.s("entity-registry").to_string(),
        "database" => t.s("entity-database").to_string(),
        other => other.to_string(),
    };
    let link = match (e.entity.as_str(), e.entity_id) {
        ("person", Some(id)) => Some(format!("/nhan-khau/{id}")),
        ("household", Some(id)) => Some(format!("/ho/{id}")),
        _ => None,
    };
    EntryView {
        at: format::moment(e.at),
        actor: e.actor.clone(),
        action: t.action(&e.action),
        action_class: action_class(&e.action),
        entity: entity_label,
        link,
        note: e.note.clone().unwrap_or_default(),
        changes: changes(t, areas, e.before_json.as_deref(), e.after_json.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn shows_only_changed_fields_with_labels() {
        let t = Tr::new(Lang::Vi);
        let before = r#"{"full_name":"Lê Văn An","sex":"M","phone":null,"ethnicity":1}"#;
        let after = r#"{"full_name":"Lê Văn Ân","sex":"M","phone":"0905123456","ethnicity":31}"#;
        let c = changes(t, &catalog(), Some(before), Some(after));
        let rows: Vec<(String, String, String)> = c
            .into_iter()
            .map(|c| (c.label, c.before, c.after))
            .collect();
        assert!(rows.contains(&("Họ và tên".into(), "Lê Văn An".into(), "Lê Văn Ân".into())));
        assert!(rows.contains(&("Số điện thoại".into(), "—".into(), "0905123456".into())));
        assert!(rows.contains(&("Dân tộc".into(), "Kinh".into(), "Tà-ôi".into())));
        assert_eq!(rows.len(), 3);
    }

    fn catalog() -> AreaCatalog {
        AreaCatalog::shipped().unwrap()
    }

    #[test]
    fn a_creation_lists_the_fields_it_filled_in() {
        let t = Tr::new(Lang::En);
        let c = changes(
            t,
            &catalog(),
            None,
            Some(r#"{"sex":"F","relation":"spouse","phone":null,"personal_id":""}"#),
        );
        assert_eq!(c.len(), 2);
        assert!(c.iter().any(|c| c.after == "Female" && c.before.is_empty()));
        assert!(c.iter().any(|c| c.after == "Spouse"));
    }

    #[test]
    fn communes_and_linked_records_read_as_words() {
        let t = Tr::new(Lang::Vi);
        let c = changes(
            t,
            &catalog(),
            Some(r#"{"area_code":"19903"}"#),
            Some(r#"{"area_code":"19900","person_id":"0190a0c4-0000-7000-8000-000000000001"}"#),
        );
        let area = c.iter().find(|c| c.label == "Xã/phường").unwrap();
        assert!(area.after.starts_with("19900 · "), "{}", area.after);
        assert!(area.after.contains("Thuận An"), "{}", area.after);
        // 19903 was merged away in 2025: its last name still shows.
        assert!(area.before.starts_with("19903 · "), "{}", area.before);
        let person = c.iter().find(|c| c.link.is_some()).unwrap();
        assert_eq!(person.after, "Mở hồ sơ");
    }
}
