//! The registry: signing in to search persons with and without diacritics, a wrong personal ID
//! shown on its field, a member edited and the change read in the audit log.

use crate::*;

/// Searches the person list and returns the names in the result table.
async fn search(client: &Client, query: &str) -> Vec<String> {
    fill(client, "#f-q", query).await;
    click_and_wait(client, "form.search button[type=submit]").await;
    assert!(path_of(client).await.starts_with("/nhan-khau?"));
    // The result is a table of names, or the "nothing found" paragraph.
    wait_for(client, "table.grid, p.empty").await;
    texts(client, "table.grid tbody td:first-child a").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_logs_in_and_searches_with_and_without_diacritics() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.person("046185000123", "Nguyễn Thị Ái Vân", "F", "15/03/1985")
        .await;
    app.person("046090000456", "Trần Văn Đức", "M", "02/09/1990")
        .await;
    app.person("046192000789", "Lê Thị Hoa", "F", "20/11/1992")
        .await;

    // Registry pages send a visitor to the login form.
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for_path(&client, "the login form", |p| p.starts_with("/dang-nhap")).await;
    wait_for(&client, "#f-username").await;
    save_screenshot(&client, "dang-nhap").await;

    // A wrong password is refused on the form itself.
    fill(&client, "#f-username", OFFICER).await;
    fill(&client, "#f-password", "khong-dung-mat-khau").await;
    click_and_wait(&client, "form[action='/dang-nhap'] button[type=submit]").await;
    let alert = wait_for(&client, "p.alert[role=alert]").await;
    assert!(!alert.text().await.unwrap().is_empty());
    save_screenshot(&client, "dang-nhap-sai").await;

    log_in(&client, &app, OFFICER).await;
    let home = wait_for_text(&client, "Tổng quan").await;
    assert!(home.contains("Hồ Thị Thu"), "{home}");
    assert!(home.contains("Phường Thuận An"), "{home}");
    let tiles = texts(&client, ".tiles .tile .num").await;
    assert_eq!(tiles.first().map(String::as_str), Some("3"), "{tiles:?}");
    // A commune officer does not see the audit log.
    assert!(
        client
            .find(Locator::Css("nav.main a[href='/nhat-ky']"))
            .await
            .is_err()
    );
    save_screenshot(&client, "tong-quan").await;

    // Search from the dashboard, without diacritics.
    fill(&client, "#f-q", "nguyen thi ai van").await;
    click_and_wait(&client, "form.search button[type=submit]").await;
    wait_for_path(&client, "the person list", |p| p.starts_with("/nhan-khau?")).await;
    wait_for(&client, "table.grid").await;
    let names = texts(&client, "table.grid tbody td:first-child a").await;
    assert_eq!(names, ["Nguyễn Thị Ái Vân"]);

    // With diacritics, đ without its stroke, given name only, and upper case.
    assert_eq!(
        search(&client, "Nguyễn Thị Ái Vân").await,
        ["Nguyễn Thị Ái Vân"]
    );
    assert_eq!(search(&client, "tran van duc").await, ["Trần Văn Đức"]);
    assert_eq!(search(&client, "Đức").await, ["Trần Văn Đức"]);
    assert_eq!(search(&client, "HOA").await, ["Lê Thị Hoa"]);
    // By personal ID.
    assert_eq!(search(&client, "046090000456").await, ["Trần Văn Đức"]);
    assert!(search(&client, "khong co ai").await.is_empty());
    wait_for(&client, "p.empty").await;

    // Every person of the commune, with the commune filter.
    client
        .goto(&app.url(&format!("/nhan-khau?q=&xa={COMMUNE}")))
        .await
        .unwrap();
    wait_for(&client, "table.grid").await;
    let mut all = texts(&client, "table.grid tbody td:first-child a").await;
    all.sort();
    assert_eq!(all, ["Lê Thị Hoa", "Nguyễn Thị Ái Vân", "Trần Văn Đức"]);
    save_screenshot(&client, "nhan-khau").await;

    log_out(&client).await;
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for_path(&client, "the login form after logout", |p| {
        p.starts_with("/dang-nhap")
    })
    .await;

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_personal_id_is_shown_inline_then_fixed_and_saved() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    log_in(&client, &app, OFFICER).await;

    client.goto(&app.url("/nhan-khau/moi")).await.unwrap();
    wait_for(&client, "form.form-grid").await;
    save_screenshot(&client, "nhan-khau-moi").await;
    // A woman born in 1985 has the century/sex digit 1, not 0.
    fill(&client, "#f-personal_id", "046085004321").await;
    fill(&client, "#f-full_name", "Phan Thị Mỹ Duyên").await;
    wait_for(&client, "#f-sex")
        .await
        .select_by_value("F")
        .await
        .unwrap();
    fill(&client, "#f-birth_date", "07/08/1985").await;
    fill(&client, "#f-phone", "0905123456").await;
    // The officer's only commune is chosen already.
    let commune = wait_for(&client, "#f-area_code").await;
    assert_eq!(
        commune.prop("value").await.unwrap().as_deref(),
        Some(COMMUNE)
    );
    click_and_wait(&client, "form.form-grid button[type=submit]").await;

    let error = wait_for(&client, "#e-personal_id").await;
    let message = error.text().await.unwrap();
    assert!(message.contains("thế kỷ/giới tính"), "{message}");
    let pid = wait_for(&client, "#f-personal_id").await;
    assert_eq!(
        pid.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    wait_for(&client, "p.alert[role=alert]").await;
    // What was typed is kept, and only the wrong field is marked.
    let name = wait_for(&client, "#f-full_name").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Phan Thị Mỹ Duyên")
    );
    assert!(client.find(Locator::Css("#e-full_name")).await.is_err());
    save_screenshot(&client, "nhan-khau-moi-loi").await;

    fill(&client, "#f-personal_id", "046185004321").await;
    click_and_wait(&client, "form.form-grid button[type=submit]").await;
    let path = wait_for_path(&client, "the new person's page", |p| {
        p.starts_with("/nhan-khau/") && p.ends_with("?luu=1")
    })
    .await;
    wait_for(&client, "p.success[role=status]").await;
    let page = wait_for_text(&client, "Phan Thị Mỹ Duyên").await;
    assert!(page.contains("046185004321"), "{page}");
    assert!(page.contains("0905123456"), "{page}");
    save_screenshot(&client, "nhan-khau-chi-tiet").await;

    // The store holds what the officer typed, with the corrected ID.
    let id = path
        .trim_start_matches("/nhan-khau/")
        .trim_end_matches("?luu=1");
    let stored = app
        .store
        .person(id.parse().expect("a record id"))
        .await
        .expect("the saved person");
    assert_eq!(stored.personal_id.as_deref(), Some("046185004321"));
    assert_eq!(stored.full_name, "Phan Thị Mỹ Duyên");

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_edits_a_member_and_the_inspector_reads_the_audit_log() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.user(INSPECTOR, "Võ Văn Kiểm", Role::Inspector, &["46"])
        .await;
    let system = Actor::system("e2e");
    let head = app
        .person("046070000111", "Hoàng Văn Bình", "M", "01/01/1970")
        .await;
    let wife = app
        .person("046172000222", "Đặng Thị Lan", "F", "12/05/1972")
        .await;
    let household = app
        .store
        .create_household(&system, "HUE-19900-0001", COMMUNE, "12 Trần Quang Khải")
        .await
        .expect("create the household");
    let on = today_vn();
    for (p, relation) in [(&head, Relation::Head), (&wife, Relation::Spouse)] {
        app.store
            .move_into(
                &system,
                household.id,
                p.id,
                relation,
                on,
                MoveReason::Registered,
            )
            .await
            .expect("register the member");
    }

    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ho")).await.unwrap();
    wait_for_text(&client, "HUE-19900-0001").await;
    save_screenshot(&client, "ho").await;
    click_and_wait(&client, &format!("a[href='/ho/{}']", household.id)).await;
    let page = wait_for_text(&client, "12 Trần Quang Khải").await;
    assert!(page.contains("Hoàng Văn Bình"), "{page}");
    assert!(page.contains("Đặng Thị Lan"), "{page}");
    save_screenshot(&client, "ho-chi-tiet").await;

    // Open the wife from the member list and correct her phone number.
    click_and_wait(
        &client,
        &format!("table.grid a[href='/nhan-khau/{}']", wife.id),
    )
    .await;
    click_and_wait(&client, &format!("a[href='/nhan-khau/{}/sua']", wife.id)).await;
    wait_for_path(&client, "the edit form", |p| p.ends_with("/sua")).await;
    fill(&client, "#f-phone", "0914765432").await;
    save_screenshot(&client, "nhan-khau-sua").await;
    click_and_wait(&client, "form.form-grid button[type=submit]").await;
    wait_for_path(&client, "the saved person", |p| p.ends_with("?luu=1")).await;
    wait_for(&client, "p.success[role=status]").await;
    let page = wait_for_text(&client, "0914765432").await;
    assert!(page.contains("HUE-19900-0001"), "{page}");
    log_out(&client).await;

    // The inspector finds the change in the audit log.
    log_in(&client, &app, INSPECTOR).await;
    click_and_wait(&client, "nav.main a[href='/nhat-ky']").await;
    wait_for(&client, "table.audit").await;
    fill(&client, "#f-nguoi", OFFICER).await;
    wait_for(&client, "#f-hd")
        .await
        .select_by_value("update")
        .await
        .unwrap();
    click_and_wait(&client, "form[action='/nhat-ky'] button[type=submit]").await;
    wait_for_path(&client, "the filtered audit log", |p| {
        p.contains("hanh-dong=update")
    })
    .await;
    wait_for(&client, "table.audit").await;
    let rows = texts(&client, "table.audit tbody tr").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains(OFFICER), "{}", rows[0]);
    assert!(rows[0].contains("→ 0914765432"), "{}", rows[0]);
    // The entry links to the record it changed.
    wait_for(
        &client,
        &format!("table.audit tbody a[href='/nhan-khau/{}']", wife.id),
    )
    .await;
    save_screenshot(&client, "nhat-ky").await;
    // An inspector reads but never changes the registry.
    client
        .goto(&app.url(&format!("/nhan-khau/{}", wife.id)))
        .await
        .unwrap();
    wait_for_text(&client, "Đặng Thị Lan").await;
    assert!(
        client
            .find(Locator::Css(&format!(
                "a[href='/nhan-khau/{}/sua']",
                wife.id
            )))
            .await
            .is_err(),
        "no edit button for an inspector"
    );

    client.close().await.unwrap();
    app.stop().await;
}
