//! The registry in the store: areas over time, persons, households and moves, search, bulk
//! loads, imports, the synthetic province and the audit log, on both backends.

use super::*;

both_backends!(
    areas_follow_the_reorganisation,
    person_lifecycle_keeps_history,
    duplicate_pid_and_unknown_area_are_refused,
    stale_edit_is_refused,
    households_and_moves,
    search_without_diacritics_and_by_id,
    search_pages_by_key_cover_everything_once,
    bulk_load_is_atomic,
    synthetic_province_is_consistent,
    import_is_all_or_nothing_by_default,
    audit_log_is_append_only,
);

async fn areas_follow_the_reorganisation(store: Store) {
    let before = d(2025, 6, 30);
    let after = reorganisation_2025();
    assert_eq!(
        store
            .areas_in_force(AreaLevel::Commune, before)
            .await
            .unwrap()
            .len(),
        133
    );
    assert_eq!(
        store
            .areas_in_force(AreaLevel::Commune, after)
            .await
            .unwrap()
            .len(),
        40
    );
    assert_eq!(
        store
            .areas_in_force(AreaLevel::District, before)
            .await
            .unwrap()
            .len(),
        9
    );
    assert_eq!(
        store
            .areas_in_force(AreaLevel::District, after)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .areas_in_force(AreaLevel::Province, before)
            .await
            .unwrap()
            .len(),
        63
    );
    assert_eq!(
        store
            .areas_in_force(AreaLevel::Province, after)
            .await
            .unwrap()
            .len(),
        34
    );

    // Xã Phú Thuận (19903) merged into Phường Thuận An, which kept the code 19900.
    let phu_thuan = store.area_by_code("19903", before).await.unwrap();
    let now = store.current_of(phu_thuan.id, d(2026, 1, 1)).await.unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(
        (now[0].code.as_str(), now[0].name.as_str()),
        ("19900", "Phường Thuận An")
    );
    let old: Vec<String> = store
        .predecessors_of(now[0].id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    assert_eq!(old, vec!["19900", "19903", "19915"]);
    // The same code names the old and the new ward on either side of the date.
    let old_thuan_an = store.area_by_code("19900", before).await.unwrap();
    assert_ne!(old_thuan_an.id, now[0].id);
    assert!(store.area_by_code("19903", after).await.is_err());
    // Opening the store again does not duplicate the catalogue.
    store.migrate().await.unwrap();
    assert_eq!(store.counts().await.unwrap().areas, 63 + 34 + 9 + 133 + 40);
}

async fn person_lifecycle_keeps_history(store: Store) {
    let p = store
        .create_person(
            &officer(),
            &valid(
                "046185000123",
                "nguyễn thị ái vân",
                "Nữ",
                "12/03/1985",
                "19900",
            ),
        )
        .await
        .unwrap();
    assert_eq!(p.full_name, "Nguyễn Thị Ái Vân");
    assert_eq!(p.area.code, "19900");
    assert_eq!(p.version, 1);
    let mut changed = valid(
        "046185000123",
        "Nguyễn Thị Ái Vân",
        "Nữ",
        "12/03/1985",
        "20056",
    );
    changed.phone = Some("0905123456".into());
    let after = store
        .update_person(&officer(), p.id, 1, &changed)
        .await
        .unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(after.area.code, "20056");
    let history = store.history(p.id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| h.action.as_str())
            .collect::<Vec<_>>(),
        vec!["create", "update"]
    );
    assert_eq!(history[1].actor, "can-bo-xa");
    assert!(
        history[1]
            .before_json
            .as_ref()
            .unwrap()
            .contains("\"area_code\":\"19900\"")
    );
    assert!(
        history[1]
            .after_json
            .as_ref()
            .unwrap()
            .contains("\"area_code\":\"20056\"")
    );
    assert!(
        history[1]
            .after_json
            .as_ref()
            .unwrap()
            .contains("0905123456")
    );
}

async fn duplicate_pid_and_unknown_area_are_refused(store: Store) {
    let p = valid("046185000123", "Lê Văn Ba", "Nữ", "1985", "19900");
    store.create_person(&officer(), &p).await.unwrap();
    let again = store.create_person(&officer(), &p).await.unwrap_err();
    assert!(
        matches!(again, StoreError::Registry(RegistryError::DuplicatePid(ref id)) if id == "046185000123"),
        "{again}"
    );
    // 19903 no longer exists today; 99999 never did; 46 is the province, and a person lives
    // in a commune (a scope covering every commune must cover every person).
    for code in ["19903", "99999", "46"] {
        let e = store
            .create_person(&officer(), &valid("", "Lê Văn Bốn", "Nam", "1950", code))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "registry.unknown_area", "{e}");
    }
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.persons, counts.audit_entries), (1, 1));
}

async fn stale_edit_is_refused(store: Store) {
    let p = store
        .create_person(
            &officer(),
            &valid("", "Trần Văn An", "Nam", "1960", "19900"),
        )
        .await
        .unwrap();
    store
        .update_person(
            &officer(),
            p.id,
            1,
            &valid("", "Trần Văn Ân", "Nam", "1960", "19900"),
        )
        .await
        .unwrap();
    let e = store
        .update_person(
            &officer(),
            p.id,
            1,
            &valid("", "Trần Văn Ẩn", "Nam", "1960", "19900"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Conflict {
                expected: 1,
                found: 2
            }
        ),
        "{e}"
    );
    assert_eq!(store.person(p.id).await.unwrap().full_name, "Trần Văn Ân");
}

async fn households_and_moves(store: Store) {
    let a = officer();
    let h1 = store
        .create_household(&a, "HO-19900-000001", "19900", "Số 1, tổ 2, Thuận An")
        .await
        .unwrap();
    assert_eq!(h1.settlement, ansinh_core::Settlement::Urban);
    let h2 = store
        .create_household(&a, "HO-20056-000001", "20056", "Thôn A Đớt")
        .await
        .unwrap();
    assert_eq!(h2.settlement, ansinh_core::Settlement::Rural);
    assert_eq!(
        store
            .create_household(&a, "HO-19900-000001", "19900", "x")
            .await
            .unwrap_err()
            .code(),
        "registry.duplicate_household_code"
    );
    let father = store
        .create_person(
            &a,
            &valid("046080000001", "Hồ Văn Ta", "Nam", "01/01/1980", "19900"),
        )
        .await
        .unwrap();
    let child = store
        .create_person(
            &a,
            &valid("046310000002", "Hồ Thị Hoa", "Nữ", "02/02/2010", "19900"),
        )
        .await
        .unwrap();
    store
        .move_into(
            &a,
            h1.id,
            father.id,
            Relation::Head,
            d(2020, 1, 1),
            MoveReason::Registered,
        )
        .await
        .unwrap();
    store
        .move_into(
            &a,
            h1.id,
            child.id,
            Relation::Child,
            d(2020, 1, 1),
            MoveReason::Registered,
        )
        .await
        .unwrap();
    assert_eq!(
        store.household(h1.id).await.unwrap().head_id,
        Some(father.id)
    );
    // Joining before birth is refused.
    let e = store
        .move_into(
            &a,
            h2.id,
            child.id,
            Relation::Child,
            d(2009, 1, 1),
            MoveReason::MovedIn,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "registry.join_before_birth");
    // The child moves to the other household: the first stay is closed on the same day.
    store
        .move_into(
            &a,
            h2.id,
            child.id,
            Relation::Grandchild,
            d(2024, 9, 1),
            MoveReason::MovedIn,
        )
        .await
        .unwrap();
    let members = store.members(h1.id).await.unwrap();
    assert_eq!(members.len(), 2);
    let stay = members.iter().find(|m| m.person_id == child.id).unwrap();
    assert_eq!(
        (stay.left_on, stay.leave_reason),
        (Some(d(2024, 9, 1)), Some(MoveReason::MovedOut))
    );
    assert_eq!(
        store.person(child.id).await.unwrap().household.unwrap().1,
        "HO-20056-000001"
    );
    // The head dies: the household has no head until a new one is named.
    store
        .move_out(&a, father.id, d(2025, 3, 1), MoveReason::Death)
        .await
        .unwrap();
    assert_eq!(store.household(h1.id).await.unwrap().head_id, None);
    let actions: Vec<String> = store
        .history(h1.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        vec!["create", "move_in", "move_in", "move_out", "move_out"]
    );
    let findings = store.check_integrity().await.unwrap();
    let empty = findings
        .iter()
        .find(|f| f.code == "household_without_members")
        .unwrap();
    assert_eq!(empty.count, 1, "h1 has no current member left");
}

async fn search_without_diacritics_and_by_id(store: Store) {
    let a = officer();
    for (pid, name, sex, birth, area) in [
        (
            "046185000123",
            "Nguyễn Thị Ái Vân",
            "Nữ",
            "12/03/1985",
            "19900",
        ),
        ("046190000124", "Nguyễn Thị Ái Vy", "Nữ", "1990", "20056"),
        ("046060000125", "Đặng Đình Đức", "Nam", "1960", "19900"),
        ("", "Trần Văn Vân", "Nam", "1970", "20056"),
    ] {
        store
            .create_person(&a, &valid(pid, name, sex, birth, area))
            .await
            .unwrap();
    }
    let names = |q: SearchQuery| {
        let store = store.clone();
        async move {
            store
                .search_persons(&q)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|h| h.full_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        names(SearchQuery::new("nguyen thi ai van")).await,
        vec!["Nguyễn Thị Ái Vân"]
    );
    assert_eq!(
        names(SearchQuery::new("NGUYỄN thị ái")).await,
        vec!["Nguyễn Thị Ái Vân", "Nguyễn Thị Ái Vy"]
    );
    assert_eq!(
        names(SearchQuery::new("dang dinh duc")).await,
        vec!["Đặng Đình Đức"]
    );
    // By given name: full-name matches first, then given-name matches.
    assert_eq!(
        names(SearchQuery::new("van")).await,
        vec!["Nguyễn Thị Ái Vân", "Trần Văn Vân"]
    );
    assert_eq!(
        names(SearchQuery::new("046190")).await,
        vec!["Nguyễn Thị Ái Vy"]
    );
    let area = store.area_by_code("20056", d(2026, 1, 1)).await.unwrap();
    let mut q = SearchQuery::new("nguyen");
    q.area_id = Some(area.id);
    assert_eq!(names(q).await, vec!["Nguyễn Thị Ái Vy"]);
    assert!(names(SearchQuery::new("le van")).await.is_empty());
    // Households by the head's name and by code.
    let h = store
        .create_household(&a, "HO-19900-000009", "19900", "Kiệt 5 Lê Lợi")
        .await
        .unwrap();
    let duc = store
        .search_persons(&SearchQuery::new("dang dinh"))
        .await
        .unwrap()
        .items[0]
        .id;
    store
        .move_into(
            &a,
            h.id,
            duc,
            Relation::Head,
            d(2000, 1, 1),
            MoveReason::Registered,
        )
        .await
        .unwrap();
    let by_head = store
        .search_households(&SearchQuery::new("Đức"))
        .await
        .unwrap();
    assert_eq!(by_head.items.len(), 1);
    assert_eq!(by_head.items[0].head_name.as_deref(), Some("Đặng Đình Đức"));
    let by_code = store
        .search_households(&SearchQuery::new("ho-19900"))
        .await
        .unwrap();
    assert_eq!(by_code.items[0].code, "HO-19900-000009");
}

/// Walks every page of a broad search and compares with the whole answer computed another way.
async fn search_pages_by_key_cover_everything_once(store: Store) {
    let communes = store.communes_on(d(2026, 11, 26)).await.unwrap();
    let batch = ansinh_synth::generate_all(
        ansinh_synth::SynthConfig {
            scale: 0.002,
            seed: 11,
            as_of: d(2026, 11, 26),
        },
        &communes,
    );
    store
        .bulk_load(
            &Actor::system("test"),
            ansinh_store::registry::bulk::BulkRecords {
                persons: &batch.persons,
                households: &batch.households,
                members: &batch.members,
                heads: &[],
            },
            ansinh_store::registry::bulk::AuditMode::Summary("test"),
        )
        .await
        .unwrap();
    for text in ["nguyen", "tran thi", "anh", "046"] {
        let mut seen = Vec::new();
        let mut q = SearchQuery::new(text);
        q.limit = 7;
        loop {
            let page = store.search_persons(&q).await.unwrap();
            assert!(page.items.len() <= 7);
            seen.extend(page.items.iter().map(|h| h.id));
            match page.next {
                Some(c) => {
                    // The cursor survives a round trip through a URL.
                    q.after = Some(Cursor::from_token(&c.to_token()).unwrap());
                }
                None => break,
            }
        }
        let folded = ansinh_core::name::fold(text);
        let mut expected: Vec<_> = batch
            .persons
            .iter()
            .filter(|p| {
                if text.bytes().all(|b| b.is_ascii_digit()) {
                    p.personal_id
                        .as_ref()
                        .is_some_and(|id| id.as_str().starts_with(text))
                } else {
                    let name = ansinh_core::name::fold(&p.full_name);
                    name.starts_with(&folded)
                        || ansinh_core::name::given_first_key(&name).starts_with(&folded)
                }
            })
            .map(|p| p.id)
            .collect();
        let mut got = seen.clone();
        got.sort();
        got.dedup();
        assert_eq!(got.len(), seen.len(), "'{text}': a row was returned twice");
        expected.sort();
        assert_eq!(
            got, expected,
            "'{text}': pages must cover exactly the matches"
        );
        assert!(!expected.is_empty(), "'{text}' should match something");
    }
}

async fn bulk_load_is_atomic(store: Store) {
    let communes = store.communes_on(d(2026, 11, 26)).await.unwrap();
    let batch = ansinh_synth::generate_all(
        ansinh_synth::SynthConfig {
            scale: 0.001,
            seed: 3,
            as_of: d(2026, 11, 26),
        },
        &communes,
    );
    let before = store.counts().await.unwrap();
    // The same persons twice in one call: the second copy violates the primary key after
    // thousands of rows were written, and the whole call must roll back.
    let doubled: Vec<_> = batch
        .persons
        .iter()
        .chain(batch.persons.iter())
        .cloned()
        .collect();
    let e = store
        .bulk_load(
            &Actor::system("test"),
            ansinh_store::registry::bulk::BulkRecords {
                persons: &doubled,
                ..Default::default()
            },
            ansinh_store::registry::bulk::AuditMode::Summary("test"),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "registry.bulk_duplicate", "{e}");
    assert_eq!(store.counts().await.unwrap(), before);
}

async fn synthetic_province_is_consistent(store: Store) {
    let communes = store.communes_on(d(2026, 11, 26)).await.unwrap();
    let cfg = ansinh_synth::SynthConfig {
        scale: 0.003,
        seed: 7,
        as_of: d(2026, 11, 26),
    };
    let mut persons = 0;
    for batch in ansinh_synth::Generator::new(cfg, &communes) {
        persons += batch.persons.len();
        store
            .bulk_load(
                &Actor::system("generate"),
                ansinh_store::registry::bulk::BulkRecords {
                    persons: &batch.persons,
                    households: &batch.households,
                    members: &batch.members,
                    heads: &[],
                },
                ansinh_store::registry::bulk::AuditMode::Summary("generate"),
            )
            .await
            .unwrap();
    }
    store.analyze().await.unwrap();
    let counts = store.counts().await.unwrap();
    assert_eq!(counts.persons as usize, persons);
    assert!(counts.legacy_persons > 0);
    for f in store.check_integrity().await.unwrap() {
        assert_eq!(f.count, 0, "{}: {}", f.code, f.description);
    }
    // The generator plants duplicate-looking records; the check finds them, and a second run
    // replaces the list instead of adding to it.
    let first = store
        .recompute_duplicates(&Actor::system("test"))
        .await
        .unwrap();
    assert!(first.pairs > 0, "planted duplicates must be found");
    let second = store
        .recompute_duplicates(&Actor::system("test"))
        .await
        .unwrap();
    assert_eq!(first.pairs, second.pairs);
    let listed = store.duplicate_candidates(None, 1_000_000).await.unwrap();
    assert_eq!(listed.len(), second.pairs);
    assert!(
        listed
            .iter()
            .all(|p| p.a.personal_id.is_none() || p.b.personal_id.is_none())
    );
}

async fn import_is_all_or_nothing_by_default(store: Store) {
    use ansinh_files::{Format, Limits, parse_households, parse_persons, read_table};
    use ansinh_store::registry::import::ImportOptions;
    let a = officer();
    let households_csv = "Mã hộ,Mã xã/phường,Địa chỉ\nHO-1,19900,Số 1 Lê Lợi\nHO-2,19903,Số 2 Lê Lợi\nHO-3,20056,Thôn 1\n";
    let table = read_table(households_csv.as_bytes(), Format::Csv, &Limits::default()).unwrap();
    let (rows, errors) = parse_households(&table).unwrap();
    let opts = ImportOptions {
        source: "ho.csv".into(),
        ..Default::default()
    };
    let report = store
        .import_households(&a, &rows, errors.clone(), table.rows.len(), &opts)
        .await
        .unwrap();
    assert!(!report.written);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].column.as_str()),
        (3, "Mã xã/phường")
    );
    assert_eq!(store.counts().await.unwrap().households, 0);
    // Skipping bad rows writes the two good ones.
    let skip = ImportOptions {
        skip_bad_rows: true,
        ..opts.clone()
    };
    let report = store
        .import_households(&a, &rows, errors, table.rows.len(), &skip)
        .await
        .unwrap();
    assert!(report.written);
    assert_eq!((report.households_created, report.rows_ok), (2, 2));

    let persons_csv = "STT,Số định danh,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Mã xã/phường,Mã hộ,Quan hệ với chủ hộ\n\
        1,046185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,Kinh,19900,HO-1,Chủ hộ\n\
        2,,Lê Văn Ba,Nam,1950,Kinh,19900,HO-1,Cha\n\
        3,046185000124,Trần Văn C,Nam,1985,Kinh,19900,HO-1,Con\n\
        4,046185000125,Hồ Thị D,Nữ,1985,Kinh,19900,HO-9,Con\n";
    let table = read_table(persons_csv.as_bytes(), Format::Csv, &Limits::default()).unwrap();
    let (rows, errors) = parse_persons(&table, d(2026, 11, 26)).unwrap();
    // Row 4 (line 4): the ID says female but the person is male; row 5: unknown household.
    let dry = ImportOptions {
        dry_run: true,
        source: "nk.csv".into(),
        ..Default::default()
    };
    let report = store
        .import_persons(&a, &rows, errors.clone(), table.rows.len(), &dry)
        .await
        .unwrap();
    let where_: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(where_, vec![(4, "Số định danh"), (5, "Mã hộ")]);
    assert!(!report.written);
    assert_eq!(store.counts().await.unwrap().persons, 0);
    let skip = ImportOptions {
        skip_bad_rows: true,
        source: "nk.csv".into(),
        ..Default::default()
    };
    let report = store
        .import_persons(&a, &rows, errors, table.rows.len(), &skip)
        .await
        .unwrap();
    assert_eq!(report.persons_created, 2);
    let h = store.household_by_code("HO-1").await.unwrap().unwrap();
    let head = store.person_by_pid("046185000123").await.unwrap().unwrap();
    assert_eq!(h.head_id, Some(head.id));
    assert_eq!(store.members(h.id).await.unwrap().len(), 2);
    // Each created record has its own audit entry naming the file.
    let history = store.history(head.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].action.as_str(), history[0].note.as_deref()),
        ("import", Some("nhập từ tệp nk.csv"))
    );
    for f in store.check_integrity().await.unwrap() {
        if f.code != "household_without_members" {
            assert_eq!(f.count, 0, "{}", f.code);
        }
    }
}

async fn audit_log_is_append_only(store: Store) {
    store
        .create_person(&officer(), &valid("", "Phan Văn E", "Nam", "1970", "19900"))
        .await
        .unwrap();
    let (upd, del) = match store.db() {
        ansinh_store::Db::Sqlite(pool) => (
            sqlx::query("UPDATE audit_log SET actor = 'x'")
                .execute(pool)
                .await
                .map(|_| ()),
            sqlx::query("DELETE FROM audit_log")
                .execute(pool)
                .await
                .map(|_| ()),
        ),
        ansinh_store::Db::Postgres(pool) => (
            sqlx::query("UPDATE audit_log SET actor = 'x'")
                .execute(pool)
                .await
                .map(|_| ()),
            sqlx::query("DELETE FROM audit_log")
                .execute(pool)
                .await
                .map(|_| ()),
        ),
    };
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    assert!(del.unwrap_err().to_string().contains("append-only"));
    assert_eq!(store.recent_audit(10).await.unwrap().len(), 1);
}
