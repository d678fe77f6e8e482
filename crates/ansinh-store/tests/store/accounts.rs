//! Accounts, sessions and API tokens, and the scoped handle that enforces role and area, on both
//! backends.

use super::*;

both_backends!(
    accounts_sessions_and_tokens,
    scope_enforces_role_and_area,
    audit_log_is_browsed_from_a_province_scope,
    accounts_and_tokens_are_managed_by_administrators,
    weak_passwords_are_refused_with_their_reason,
    a_refused_sign_in_names_its_account,
);

async fn accounts_sessions_and_tokens(store: Store) {
    use ansinh_core::access::Role;
    use ansinh_store::accounts::NewUser;
    let admin = Actor::system("test");
    let new = |username: &'static str,
               password: &'static str,
               role,
               areas: &'static [&'static str]| NewUser {
        username,
        display_name: "Cán bộ",
        role,
        password,
        area_codes: areas,
        must_change_password: true,
    };
    // Policy: short password, password containing the name, bad user name, a commune officer
    // given the province, a district (abolished).
    for bad in [
        new("canbo", "short", Role::CommuneOfficer, &["19900"]),
        new("canbo", "canbo-123456", Role::CommuneOfficer, &["19900"]),
        new(
            "Cán Bộ",
            "mật khẩu rất dài",
            Role::CommuneOfficer,
            &["19900"],
        ),
        new("canbo", "mật khẩu rất dài", Role::CommuneOfficer, &["46"]),
        new("canbo", "mật khẩu rất dài", Role::ProvinceOfficer, &[]),
    ] {
        assert!(
            store.create_user(&admin, &bad).await.is_err(),
            "{}",
            bad.username
        );
    }
    let user = store
        .create_user(
            &admin,
            &new(
                "canbo",
                "mật khẩu rất dài",
                Role::CommuneOfficer,
                &["19900"],
            ),
        )
        .await
        .unwrap();
    assert!(user.must_change_password);
    assert_eq!(user.areas[0].code, "19900");
    assert!(
        store
            .create_user(
                &admin,
                &new("canbo", "mật khẩu khác dài", Role::Leader, &["46"])
            )
            .await
            .is_err()
    );

    assert!(
        store
            .authenticate("canbo", "sai mật khẩu")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .authenticate("khong-co", "mật khẩu rất dài")
            .await
            .unwrap()
            .is_none()
    );
    let ok = store
        .authenticate("canbo", "mật khẩu rất dài")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ok.id, user.id);

    let (secret, session) = store
        .create_session(&ok, std::time::Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(
        store.session(&secret).await.unwrap().unwrap().csrf_token,
        session.csrf_token
    );
    assert!(store.session("not-a-token").await.unwrap().is_none());
    // A new password ends every session and clears the forced change.
    store
        .set_password(&ok.actor(), ok.id, "một mật khẩu mới", false)
        .await
        .unwrap();
    assert!(store.session(&secret).await.unwrap().is_none());
    assert!(!store.user(ok.id).await.unwrap().must_change_password);
    // An expired session is refused and removed.
    let (expired, _) = store
        .create_session(&ok, std::time::Duration::from_secs(0))
        .await
        .unwrap();
    assert!(store.session(&expired).await.unwrap().is_none());
    // A disabled account cannot log in and loses its sessions.
    let (live, _) = store
        .create_session(&ok, std::time::Duration::from_secs(3600))
        .await
        .unwrap();
    store.set_user_disabled(&admin, ok.id, true).await.unwrap();
    assert!(store.session(&live).await.unwrap().is_none());
    assert!(
        store
            .authenticate("canbo", "một mật khẩu mới")
            .await
            .unwrap()
            .is_none()
    );

    let boss = store
        .create_user(
            &admin,
            &new("quantri", "sổ tay của người gác cổng", Role::Admin, &["46"]),
        )
        .await
        .unwrap();
    let (token, secret) = store
        .create_api_token(
            &admin,
            boss.id,
            "Cổng dịch vụ công",
            Role::CommuneOfficer,
            &["20056"],
        )
        .await
        .unwrap();
    let (found, scope) = store.api_token_scope(&secret).await.unwrap().unwrap();
    assert_eq!(found.id, token.id);
    assert_eq!(scope.role, Role::CommuneOfficer);
    let a_luoi_1 = store.area_by_code("20056", d(2026, 1, 1)).await.unwrap();
    assert!(scope.covers(a_luoi_1.id));
    // The old communes merged into A Lưới 1 are in scope too; another commune is not.
    for old in store.predecessors_of(a_luoi_1.id).await.unwrap() {
        assert!(scope.covers(old.id), "{}", old.name);
    }
    assert!(!scope.covers(store.area_by_code("19900", d(2026, 1, 1)).await.unwrap().id));
    store.revoke_api_token(&admin, token.id).await.unwrap();
    assert!(store.api_token_scope(&secret).await.unwrap().is_none());
}

/// Ái Vân in Thuận An (19900) and Ái Vy in A Lưới 1 (20056), for the access tests.
async fn one_person_in_each_of_two_communes(
    store: &Store,
) -> (
    ansinh_store::registry::persons::Person,
    ansinh_store::registry::persons::Person,
) {
    let a = officer();
    let mut made = Vec::new();
    for (pid, name, code) in [
        ("046185000123", "Nguyễn Thị Ái Vân", "19900"),
        ("046185000124", "Nguyễn Thị Ái Vy", "20056"),
    ] {
        let p = valid(pid, name, "Nữ", "12/03/1985", code);
        made.push(store.create_person(&a, &p).await.unwrap());
    }
    let other = made.pop().unwrap();
    (made.pop().unwrap(), other)
}

/// An account's areas: the one area with `code`.
async fn area_refs(store: &Store, code: &str) -> Vec<ansinh_store::registry::persons::AreaRef> {
    let area = store.area_by_code(code, d(2026, 1, 1)).await.unwrap();
    vec![ansinh_store::registry::persons::AreaRef {
        id: area.id,
        code: area.code,
        name: area.name,
    }]
}

/// The security events (refusals) recorded so far, newest first.
async fn denied_events(store: &Store) -> Vec<ansinh_store::audit::AuditEntry> {
    store
        .audit_entries(&ansinh_store::audit::AuditFilter {
            action: Some("denied".into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// Accounts and API tokens through the scope: only the administrator lists, creates, disables
/// and resets accounts and issues and revokes tokens; every other role is refused and the
/// refusal recorded. An administrator cannot disable their own account.
async fn accounts_and_tokens_are_managed_by_administrators(store: Store) {
    use ansinh_core::access::Role;
    use ansinh_store::accounts::NewUser;

    let system = Actor::system("test");
    let target = store
        .create_user(
            &system,
            &NewUser {
                username: "muc-tieu",
                display_name: "Tài khoản được quản lý",
                role: Role::CommuneOfficer,
                password: "mật khẩu rất dài",
                area_codes: &["19900"],
                must_change_password: false,
            },
        )
        .await
        .unwrap();
    let mut admin_id = None;
    for role in Role::ALL {
        let name = format!("u-{}", role.code().replace('_', "-"));
        let user = store
            .create_user(
                &system,
                &NewUser {
                    username: &name,
                    display_name: "Cán bộ thử",
                    role,
                    password: "mật khẩu rất dài",
                    area_codes: if role == Role::CommuneOfficer {
                        &["19900"]
                    } else {
                        &["46"]
                    },
                    must_change_password: false,
                },
            )
            .await
            .unwrap();
        if role == Role::Admin {
            admin_id = Some(user.id);
        }
        let scope = store.scope_for(role, &user.areas).await.unwrap();
        let s = store.scoped(user.actor(), scope);
        let admin = role == Role::Admin;
        let new = NewUser {
            username: &format!("moi-{}", role.code().replace('_', "-")),
            display_name: "Người mới",
            role: Role::CommuneOfficer,
            password: "mật khẩu tạm thời",
            area_codes: &["19900"],
            must_change_password: true,
        };
        let created = s.create_user(&new).await;
        assert_eq!(created.is_ok(), admin, "{role:?} create user");
        assert_eq!(s.users().await.is_ok(), admin, "{role:?} list users");
        assert_eq!(
            s.set_user_disabled(target.id, true).await.is_ok(),
            admin,
            "{role:?} disable"
        );
        assert_eq!(
            s.reset_password(target.id, "mật khẩu tạm mới")
                .await
                .is_ok(),
            admin,
            "{role:?} reset"
        );
        assert_eq!(
            s.clear_login_backoff(target.id).await.is_ok(),
            admin,
            "{role:?} unlock"
        );
        let token = s
            .create_api_token("Cổng dịch vụ công", Role::Leader, &["46"])
            .await;
        assert_eq!(token.is_ok(), admin, "{role:?} issue token");
        assert_eq!(s.api_tokens().await.is_ok(), admin, "{role:?} list tokens");
        if let Ok((token, secret)) = token {
            assert_eq!(token.created_by, user.username);
            assert!(store.api_token_scope(&secret).await.unwrap().is_some());
            s.revoke_api_token(token.id).await.unwrap();
            assert!(store.api_token_scope(&secret).await.unwrap().is_none());
        }
        if !admin {
            let e = s.users().await.unwrap_err();
            assert_eq!(e.code(), "forbidden");
        }
    }
    let target = store.user(target.id).await.unwrap();
    assert!(target.disabled && target.must_change_password);
    let unlocked = store.login_account("muc-tieu").await.unwrap().unwrap();
    assert_eq!(
        unlocked.login_unlocks, 1,
        "only the administrator's unlock counted"
    );
    // The administrator's own account stays enabled.
    let admin = store.user(admin_id.unwrap()).await.unwrap();
    let scope = store.scope_for(Role::Admin, &admin.areas).await.unwrap();
    let s = store.scoped(admin.actor(), scope);
    assert!(s.set_user_disabled(admin.id, true).await.is_err());
    assert!(!store.user(admin.id).await.unwrap().disabled);
    let denied = denied_events(&store).await;
    assert!(
        denied
            .iter()
            .any(|e| e.actor == "u-leader" && e.entity == "user")
    );
}

/// The audit log holds every commune's changes and has no commune to filter by: only an
/// inspector or administrator of the whole province browses it. An inspector of one commune
/// is refused (and the refusal recorded) but still reads a record's history in that commune.
async fn audit_log_is_browsed_from_a_province_scope(store: Store) {
    use ansinh_core::access::Role;

    let (own, other) = one_person_in_each_of_two_communes(&store).await;
    let filter = ansinh_store::audit::AuditFilter {
        limit: 50,
        ..Default::default()
    };
    for role in Role::ALL {
        for (areas, whole_province) in [("46", true), ("19900", false)] {
            let scope = store
                .scope_for(role, &area_refs(&store, areas).await)
                .await
                .unwrap();
            let s = store.scoped(Actor(format!("a-{}-{areas}", role.code())), scope);
            let reads = matches!(role, Role::Admin | Role::Inspector);
            assert_eq!(
                s.can_browse_audit(),
                reads && whole_province,
                "{role:?} in {areas}"
            );
            match s.audit(&filter).await {
                Ok(entries) => {
                    assert!(
                        reads && whole_province,
                        "{role:?} in {areas} browsed the log"
                    );
                    assert!(entries.iter().any(|e| e.entity_id == Some(other.id)));
                }
                Err(e) => {
                    assert!(!(reads && whole_province), "{role:?} in {areas}: {e}");
                    assert_eq!(e.code(), "forbidden");
                }
            }
            assert!(
                s.history(own.id, own.area.id).await.is_ok(),
                "{role:?} in {areas}"
            );
            assert_eq!(
                s.history(other.id, other.area.id).await.is_ok(),
                whole_province,
                "{role:?} in {areas}"
            );
        }
    }
    let denied = denied_events(&store).await;
    assert!(
        denied
            .iter()
            .any(|e| e.actor == "a-inspector-19900" && e.entity == "audit"),
        "{denied:?}"
    );
}

/// The access rules at the store's edge: each role in its own and in another commune, for
/// list, view, create, edit and export. The HTTP matrix in the web tests covers the routes.
async fn scope_enforces_role_and_area(store: Store) {
    use ansinh_core::access::Role;
    let (own, other) = one_person_in_each_of_two_communes(&store).await;
    let thuan_an = store.area_by_code("19900", d(2026, 1, 1)).await.unwrap();
    for role in Role::ALL {
        let areas = if role == Role::CommuneOfficer {
            area_refs(&store, "19900").await
        } else {
            area_refs(&store, "46").await
        };
        let scope = store.scope_for(role, &areas).await.unwrap();
        let s = store.scoped(Actor(format!("t-{}", role.code())), scope);
        let whole_province = role != Role::CommuneOfficer;
        let listed: Vec<String> = s
            .search_persons(SearchQuery::new("nguyen thi ai"))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|h| h.area_code)
            .collect();
        assert_eq!(
            listed.len(),
            if whole_province { 2 } else { 1 },
            "{role:?} list"
        );
        // Counts follow the scope too: the whole registry for a province account (whose
        // reads carry no commune filter at all), one person for the Thuận An officer.
        let (persons, _) = s.counts().await.unwrap();
        let expected = if whole_province {
            store.counts().await.unwrap().persons
        } else {
            1
        };
        assert_eq!(persons, expected, "{role:?} counts");
        assert!(s.person(own.id).await.is_ok(), "{role:?} view own");
        assert_eq!(
            s.person(other.id).await.is_ok(),
            whole_province,
            "{role:?} view other"
        );
        let writes = matches!(
            role,
            Role::Admin | Role::ProvinceOfficer | Role::CommuneOfficer
        );
        let edit_own = s
            .update_person(
                own.id,
                store.person(own.id).await.unwrap().version,
                &valid(
                    "046185000123",
                    "Nguyễn Thị Ái Vân",
                    "Nữ",
                    "12/03/1985",
                    "19900",
                ),
            )
            .await;
        assert_eq!(edit_own.is_ok(), writes, "{role:?} edit own");
        let edit_other = s
            .update_person(
                other.id,
                store.person(other.id).await.unwrap().version,
                &valid(
                    "046185000124",
                    "Nguyễn Thị Ái Vy",
                    "Nữ",
                    "12/03/1985",
                    "20056",
                ),
            )
            .await;
        assert_eq!(
            edit_other.is_ok(),
            writes && whole_province,
            "{role:?} edit other"
        );
        // Moving one's own record into another commune is also an edit of that commune.
        if role == Role::CommuneOfficer {
            let v = store.person(own.id).await.unwrap().version;
            let e = s
                .update_person(
                    own.id,
                    v,
                    &valid(
                        "046185000123",
                        "Nguyễn Thị Ái Vân",
                        "Nữ",
                        "12/03/1985",
                        "20056",
                    ),
                )
                .await
                .unwrap_err();
            assert_eq!(e.code(), "forbidden");
        }
        let given = ["An", "Bình", "Cường", "Dũng", "Em"]
            [Role::ALL.iter().position(|r| *r == role).unwrap()];
        let create_other = s
            .create_person(&valid(
                "",
                &format!("Lê Văn {given}"),
                "Nam",
                "1950",
                "20056",
            ))
            .await;
        assert_eq!(
            create_other.is_ok(),
            writes && whole_province,
            "{role:?} create other"
        );
        let exports = matches!(
            role,
            Role::Admin | Role::ProvinceOfficer | Role::CommuneOfficer | Role::Leader
        );
        let other_area = store.area_by_code("20056", d(2026, 1, 1)).await.unwrap();
        assert_eq!(
            s.export_persons(Some(thuan_an.id)).await.is_ok(),
            exports,
            "{role:?} export own"
        );
        assert_eq!(
            s.export_persons(Some(other_area.id)).await.is_ok(),
            exports && whole_province,
            "{role:?} export other"
        );
        if exports {
            let all = s.export_persons(None).await.unwrap();
            assert!(
                all.iter().all(|p| whole_province || p.area_code == "19900"),
                "{role:?} export scope"
            );
        }
        assert_eq!(
            s.audit(&ansinh_store::audit::AuditFilter {
                limit: 5,
                ..Default::default()
            })
            .await
            .is_ok(),
            matches!(role, Role::Admin | Role::Inspector),
            "{role:?} audit"
        );
    }
    // Every refusal left a security event.
    let denied = denied_events(&store).await;
    assert!(denied.len() >= 10, "{}", denied.len());
    assert!(denied.iter().any(|e| e.actor == "t-commune_officer"));
}

/// The password rule, wherever a password enters (a new account, a password set): the probe's
/// `aaaaaaaaaa` and `abcdefghij`, one containing the user name and one the full name are
/// refused with their reason's code and nothing is written; a long passphrase passes.
async fn weak_passwords_are_refused_with_their_reason(store: Store) {
    use ansinh_core::access::Role;
    use ansinh_store::accounts::NewUser;
    let admin = Actor::system("test");
    let new = |password| NewUser {
        username: "hoa.tran",
        display_name: "Trần Thị Hoa",
        role: Role::CommuneOfficer,
        password,
        area_codes: &["19900"],
        must_change_password: true,
    };
    let weak = [
        ("aaaaaaaaaa", "accounts.password_repeated"),
        ("abcdefghij", "accounts.password_sequence"),
        ("hoa.tran-2026", "accounts.password_contains_username"),
        ("trần thị hoa 1990", "accounts.password_contains_name"),
        ("password123", "accounts.password_common"),
    ];
    for (password, code) in weak {
        let e = store.create_user(&admin, &new(password)).await.unwrap_err();
        assert_eq!(e.code(), code, "{password}");
        assert!(e.is_refusal());
    }
    assert!(store.user_by_username("hoa.tran").await.unwrap().is_none());
    let strong = "đồng lúa chín vàng ven sông Hương";
    let user = store.create_user(&admin, &new(strong)).await.unwrap();
    for (password, code) in weak {
        let e = store
            .set_password(&user.actor(), user.id, password, false)
            .await
            .unwrap_err();
        assert_eq!(e.code(), code, "{password}");
    }
    assert!(
        store
            .authenticate("hoa.tran", strong)
            .await
            .unwrap()
            .is_some()
    );
}

/// A refused sign-in tells the login limits which account it was for (none for an unknown
/// name) and how often its back-off was cleared; a clear is audited.
async fn a_refused_sign_in_names_its_account(store: Store) {
    use ansinh_core::access::Role;
    use ansinh_store::accounts::{NewUser, SignIn};
    let admin = Actor::system("test");
    let password = "đồng lúa chín vàng ven sông Hương";
    let user = store
        .create_user(
            &admin,
            &NewUser {
                username: "canbo",
                display_name: "Cán bộ xã",
                role: Role::CommuneOfficer,
                password,
                area_codes: &["19900"],
                must_change_password: false,
            },
        )
        .await
        .unwrap();
    let SignIn::Refused(Some(account)) = store.sign_in("canbo", "sai rồi đấy nhé").await.unwrap()
    else {
        panic!("a refusal naming the account");
    };
    assert_eq!((account.id, account.login_unlocks), (user.id, 0));
    assert_eq!(
        store.sign_in("khong-co", password).await.unwrap(),
        SignIn::Refused(None)
    );
    assert_eq!(
        store.sign_in("canbo", password).await.unwrap(),
        SignIn::Welcome(user.clone())
    );
    store.clear_login_backoff(&admin, user.id).await.unwrap();
    store.clear_login_backoff(&admin, user.id).await.unwrap();
    let account = store.login_account("canbo").await.unwrap().unwrap();
    assert_eq!(account.login_unlocks, 2);
    assert!(store.login_account("khong-co").await.unwrap().is_none());
    let history = store.history(user.id).await.unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.after_json.as_deref() == Some(r#"{"login_backoff":"cleared"}"#))
    );
    let e = store
        .clear_login_backoff(&admin, uuid::Uuid::nil())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}
