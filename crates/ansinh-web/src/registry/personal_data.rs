//! A person's copy of their data: what the registry holds of them and every entry of the
//! record's audit trail (changes, who opened it and when, refused attempts), as one JSON file
//! an officer hands over when the person asks (Nghị định 13/2023/NĐ-CP on personal data, the
//! data subject's right to know and to a copy). Handing it over is recorded in the trail.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::routes::parse_id;

pub async fn download(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let (p, trail) = ctx.scoped(&app).person_data(id).await?;
    // The snapshots were written as JSON by the store; a broken one is shown as the text it is.
    let parsed = |raw: &Option<String>| -> Value {
        raw.as_deref().map_or(Value::Null, |s| {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string()))
        })
    };
    let doc = json!({
        "tai_lieu": "Bản sao dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)",
        "ngay_lap": ansinh_store::today_vn().to_string(),
        "nguoi_lap": ctx.user.username,
        "nhan_khau": {
            "ma": p.id,
            "so_dinh_danh": p.personal_id,
            "ho_ten": p.full_name,
            "gioi_tinh": p.sex.code(),
            "ngay_sinh": p.birth.to_string(),
            "dan_toc": p.ethnicity.name(),
            "xa_phuong": { "ma": p.area.code, "ten": p.area.name },
            "dien_thoai": p.phone,
            "ngay_mat": p.death_date.map(|d| d.to_string()),
            "ho": p.household.as_ref().map(|(hid, code, relation)| json!({
                "ma": hid, "ma_ho": code, "quan_he_voi_chu_ho": relation.label_vi(),
            })),
            "tao_luc": p.created_at.to_rfc3339(),
            "sua_luc": p.updated_at.to_rfc3339(),
        },
        "nhat_ky": trail.iter().map(|e| json!({
            "luc": e.at.to_rfc3339(),
            "nguoi": e.actor,
            "viec": e.action,
            "truoc": parsed(&e.before_json),
            "sau": parsed(&e.after_json),
            "ghi_chu": e.note,
        })).collect::<Vec<_>>(),
    });
    let body = serde_json::to_vec_pretty(&doc).map_err(|_| WebError::Internal("web.json"))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"du-lieu-ca-nhan-{id}.json\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
