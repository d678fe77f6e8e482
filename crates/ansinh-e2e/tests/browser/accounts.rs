//! Accounts: an account created by the administrator, signed in and its password changed.

use crate::*;

/// The administrator creates a commune officer's account in the browser; the officer signs in
/// with the temporary password, is made to choose a new one, and then works in their commune.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrator_creates_an_account_that_signs_in() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.user("quantri.tinh", "Phan Văn Trị", Role::Admin, &["46"])
        .await;
    log_in(&client, &app, "quantri.tinh").await;
    click_and_wait(&client, "nav.main a[href='/quan-tri']").await;
    fill(&client, "#f-user", "canbo.moi").await;
    fill(&client, "#f-name", "Nguyễn Thị Mới").await;
    choose(&client, "#f-role", "commune_officer").await;
    fill(&client, "#f-areas", COMMUNE).await;
    fill(&client, "#f-pw", "tạm-thời-2026").await;
    click_and_wait(
        &client,
        "form[action='/quan-tri/nguoi-dung'] button[type=submit]",
    )
    .await;
    assert_eq!(path_of(&client).await, "/quan-tri?xong=tao");
    assert_eq!(
        texts(&client, "p.success").await,
        vec!["Đã tạo tài khoản.".to_string()]
    );
    let users = texts(&client, "table.grid tbody td:first-child").await;
    assert!(users.contains(&"canbo.moi".to_string()), "{users:?}");
    log_out(&client).await;

    client.goto(&app.url("/dang-nhap")).await.unwrap();
    fill(&client, "#f-username", "canbo.moi").await;
    fill(&client, "#f-password", "tạm-thời-2026").await;
    click_and_wait(&client, "form[action='/dang-nhap'] button[type=submit]").await;
    wait_for_path(&client, "the password change", |p| {
        p.starts_with("/doi-mat-khau")
    })
    .await;
    fill(&client, "#f-current", "tạm-thời-2026").await;
    fill(&client, "#f-new", "mật-khẩu-riêng-2026").await;
    fill(&client, "#f-again", "mật-khẩu-riêng-2026").await;
    click_and_wait(&client, "form[action='/doi-mat-khau'] button[type=submit]").await;
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for(&client, "form.search").await;
    assert_eq!(path_of(&client).await, "/nhan-khau");
    // Only an administrator sees the administration.
    assert!(
        texts(&client, "nav.main a[href='/quan-tri']")
            .await
            .is_empty()
    );
    client.close().await.unwrap();
    app.stop().await;
}
