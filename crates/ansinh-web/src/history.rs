//! Audit entries made readable: who did what when, and for changes each field's value before
//! and after, with codes turned into labels (sex, ethnicity, relation, reason).

use ansinh_core::{Ethnicity, MoveReason, Relation, Sex};
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
        "personal_id" => "field.pid",
        "full_name" => "field.full_name",
        "sex" => "field.sex",
        "birth" => "field.birth",
        "ethnicity" => "field.ethnicity",
        "area_code" => "field.commune",
        "phone" => "field.phone",
        "death_date" => "field.death",
        "code" => "field.household_code",
        "address" => "field.address",
        "head_id" => "field.head",
        "person_id" => "field.person",
        "relation" => "field.relation",
        "joined_on" => "field.joined_on",
        "left_on" => "field.left_on",
        "reason" => "field.reason",
        "username" => "login.username",
        "display_name" => "field.display_name",
        "role" => "field.role",
        "areas" => "field.areas",
        "password" => "login.password",
        "must_change_password" => "field.must_change",
        "disabled" => "field.disabled",
        _ => return key.to_string(),
    };
    t.s(k).to_string()
}

fn value_text(t: Tr, key: &str, v: &Value) -> String {
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

/// The fields that differ between before and after (all of after for a creation).
pub fn changes(t: Tr, before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let b = object(before);
    let a = object(after);
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
                Some(v) => value_text(t, k, v),
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

pub fn view(t: Tr, e: &AuditEntry) -> EntryView {
    let entity_label = match e.entity.as_str() {
        "person" => t.s("entity.person").to_string(),
        "household" => t.s("entity.household").to_string(),
        "user" => t.s("entity.user").to_string(),
        "registry" => t.s("entity.registry").to_string(),
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
        changes: changes(t, e.before_json.as_deref(), e.after_json.as_deref()),
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
        let c = changes(t, Some(before), Some(after));
        let rows: Vec<(String, String, String)> = c
            .into_iter()
            .map(|c| (c.label, c.before, c.after))
            .collect();
        assert!(rows.contains(&("Họ và tên".into(), "Lê Văn An".into(), "Lê Văn Ân".into())));
        assert!(rows.contains(&("Số điện thoại".into(), "—".into(), "0905123456".into())));
        assert!(rows.contains(&("Dân tộc".into(), "Kinh".into(), "Tà-ôi".into())));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_creation_lists_every_field() {
        let t = Tr::new(Lang::En);
        let c = changes(t, None, Some(r#"{"sex":"F","relation":"spouse"}"#));
        assert_eq!(c.len(), 2);
        assert!(c.iter().any(|c| c.after == "Female" && c.before.is_empty()));
        assert!(c.iter().any(|c| c.after == "Spouse"));
    }
}
