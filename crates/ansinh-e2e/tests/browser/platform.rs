//! The public pages and their menus, the language switch, and the main pages of an officer.

use crate::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn area_browser_lists_the_forty_communes() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;

    client.goto(&app.url("/dia-ban")).await.unwrap();
    let text = wait_for_text(&client, "Phường Thuận An").await;
    wait_for(&client, "table.areas").await;
    let rows = client
        .find_all(Locator::Css("table.areas tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 40, "communes listed on /dia-ban");
    assert!(text.contains("Địa bàn hành chính"), "{text}");
    let summary = wait_for(&client, "p.lead").await.text().await.unwrap();
    assert!(summary.starts_with("40 đơn vị cấp xã"), "{summary}");
    // Public: a visitor gets the login button, not the registry menus.
    wait_for(&client, "a.btn[href='/dang-nhap']").await;
    assert!(
        client
            .find(Locator::Css("nav.main a[href='/nhan-khau']"))
            .await
            .is_err(),
        "the persons menu is hidden from visitors"
    );
    save_screenshot(&client, "dia-ban").await;

    // The same page on the day before the reorganisation lists the old units.
    fill(&client, "#f-ngay", "30/06/2025").await;
    click_and_wait(&client, "form[action='/dia-ban'] button[type=submit]").await;
    wait_for_path(&client, "the areas on 30/06/2025", |p| {
        p.contains("ngay=30")
    })
    .await;
    wait_for(&client, "details.district").await;
    save_screenshot(&client, "dia-ban-30-06-2025").await;

    // The rules page, reached from the menu, on the day the 500,000 base level started.
    click_and_wait(&client, "nav.main a[href='/quy-dinh']").await;
    fill(&client, "#f-ngay", "01/07/2024").await;
    click_and_wait(&client, "form[action='/quy-dinh'] button[type=submit]").await;
    wait_for_path(&client, "the rules on 01/07/2024", |p| {
        p.contains("ngay=01")
    })
    .await;
    let text = wait_for_text(&client, "500.000 đ").await;
    assert!(text.contains("Chưa xác nhận"), "the 500,000 row is flagged");
    assert!(text.contains("Chuẩn nghèo đa chiều năm 2024"), "{text}");
    save_screenshot(&client, "quy-dinh").await;

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switches_to_english_and_back() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    log_in(&client, &app, OFFICER).await;
    wait_for_text(&client, "Tổng quan").await;

    click_and_wait(&client, "a[href='/ngon-ngu/en']").await;
    wait_for(&client, "a[href='/ngon-ngu/vi']").await;
    let text = wait_for_text(&client, "Overview").await;
    assert!(text.contains("Persons"), "{text}");
    let lang = wait_for(&client, "html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    save_screenshot(&client, "tong-quan-en").await;

    // The choice holds on the next pages, and the core's labels are English too (the kinds
    // of rule and the beneficiary groups).
    client
        .goto(&app.url("/quy-dinh?ngay=01/07/2024"))
        .await
        .unwrap();
    let text = wait_for_text(&client, "Social assistance base level").await;
    assert!(
        text.contains("Person with a severe or extremely severe disability")
            && !text.contains("Hệ số trợ cấp xã hội hằng tháng"),
        "{text}"
    );
    save_screenshot(&client, "quy-dinh-en").await;

    client.goto(&app.url("/nhan-khau/moi")).await.unwrap();
    wait_for_text(&client, "Add a person").await;
    save_screenshot(&client, "nhan-khau-moi-en").await;

    click_and_wait(&client, "a[href='/ngon-ngu/vi']").await;
    wait_for(&client, "a[href='/ngon-ngu/en']").await;
    wait_for_text(&client, "Thêm nhân khẩu").await;
    let lang = wait_for(&client, "html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("vi"));

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_pages_render_for_an_officer() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.person("046185000123", "Nguyễn Thị Ái Vân", "F", "15/03/1985")
        .await;
    log_in(&client, &app, OFFICER).await;

    for (path, shot, marker) in [
        ("/ho/moi", "ho-moi", "form"),
        ("/nhap", "nhap", "form[action='/xuat/nhan-khau.xlsx']"),
        (
            "/doi-mat-khau",
            "doi-mat-khau",
            "form[action='/doi-mat-khau']",
        ),
    ] {
        client.goto(&app.url(path)).await.unwrap();
        wait_for(&client, &format!("main {marker}")).await;
        let text = body_text(&client).await;
        assert!(!text.contains("Lỗi"), "{path}: {text}");
        save_screenshot(&client, shot).await;
    }

    client.close().await.unwrap();
    app.stop().await;
}
