//! Integrity checks over the whole registry (`ansinh check`). Each check is one SQL count that
//! should be zero, plus a re-validation of stored personal IDs against the rules.

use ansinh_core::PersonalId;
use futures_util::TryStreamExt;

use crate::error::Result;
use crate::{Store, rows};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub description: &'static str,
    pub count: i64,
}

/// Each check: code, what a non-zero count means, and the counting query.
const CHECKS: [(&str, &str, &str); 7] = [
    (
        "head_not_member",
        "hộ có chủ hộ không còn là thành viên hiện tại của hộ",
        "SELECT COUNT(*) FROM households h WHERE h.head_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM household_members m WHERE m.household_id = h.id
              AND m.person_id = h.head_id AND m.left_on IS NULL)",
    ),
    (
        "head_relation",
        "thành viên ghi 'Chủ hộ' nhưng không phải chủ hộ của hộ",
        "SELECT COUNT(*) FROM household_members m JOIN households h ON h.id = m.household_id
         WHERE m.left_on IS NULL AND m.relation = 'head' AND (h.head_id IS NULL OR h.head_id <> m.person_id)",
    ),
    (
        "household_without_members",
        "hộ không còn thành viên nào",
        "SELECT COUNT(*) FROM households h WHERE NOT EXISTS (
            SELECT 1 FROM household_members m WHERE m.household_id = h.id AND m.left_on IS NULL)",
    ),
    (
        "member_area_mismatch",
        "nhân khẩu cư trú ở xã khác với xã của hộ mình đang ở",
        "SELECT COUNT(*) FROM household_members m JOIN households h ON h.id = m.household_id
         JOIN persons p ON p.id = m.person_id WHERE m.left_on IS NULL AND p.area_id <> h.area_id",
    ),
    (
        "person_area_not_commune",
        "nhân khẩu gắn với địa bàn không phải cấp xã",
        "SELECT COUNT(*) FROM persons p JOIN areas a ON a.id = p.area_id WHERE a.level <> 'commune'",
    ),
    (
        "death_before_birth",
        "ngày mất trước ngày sinh",
        "SELECT COUNT(*) FROM persons WHERE death_date IS NOT NULL AND death_date < birth_date",
    ),
    (
        "joined_before_birth",
        "vào hộ trước ngày sinh (theo ngày sinh đầy đủ)",
        "SELECT COUNT(*) FROM household_members m JOIN persons p ON p.id = m.person_id
         WHERE p.birth_precision = 'D' AND m.joined_on < p.birth_date",
    ),
];

#[derive(sqlx::FromRow)]
struct PidRow {
    personal_id: String,
    sex: String,
    birth_date: chrono::NaiveDate,
}

impl Store {
    /// Runs every check; a finding with count 0 means the check passed.
    pub async fn check_integrity(&self) -> Result<Vec<Finding>> {
        let mut out = Vec::new();
        for (code, description, sql) in CHECKS {
            let count: i64 =
                db_run!(&self.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await?);
            out.push(Finding {
                code,
                description,
                count,
            });
        }
        let bad_pids = db_run!(&self.db, pool => {
            let mut bad = 0i64;
            let mut stream = sqlx::query_as::<_, PidRow>(
                "SELECT personal_id, sex, birth_date FROM persons WHERE personal_id IS NOT NULL",
            )
            .fetch(pool);
            while let Some(r) = stream.try_next().await? {
                let sex = rows::sex(&r.sex)?;
                let ok = PersonalId::parse(&r.personal_id)
                    .and_then(|id| id.check_person(sex, chrono::Datelike::year(&r.birth_date)))
                    .is_ok();
                bad += i64::from(!ok);
            }
            bad
        });
        out.push(Finding {
            code: "invalid_personal_id",
            description: "số định danh sai quy tắc hoặc không khớp giới tính/năm sinh",
            count: bad_pids,
        });
        Ok(out)
    }
}
