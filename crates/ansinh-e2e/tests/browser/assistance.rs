//! Social assistance: a dossier from intake to decision, then the month it is paid in.

use crate::*;

/// A commune officer takes a dossier in; the leader decides it; the province computes July
/// 2024; the leader approves and locks it; the commune's payment list is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dossier_to_decision_then_the_province_pays_july_2024() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.leader_and_province().await;
    app.person("046150000041", "Đặng Thị Năm", "Nữ", "01/01/1950")
        .await;

    // Intake at the commune.
    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ho-so")).await.unwrap();
    fill(&client, "#f-so_dinh_danh", "046150000041").await;
    wait_for(&client, "#f-mau option[value='Mẫu số 1c']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(&client, "#f-nhom option[value='K5A']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(&client, "#f-ho option[value='poor']")
        .await
        .click()
        .await
        .unwrap();
    fill(
        &client,
        "#f-giay_to",
        "Đơn Mẫu 1c, CCCD, giấy xác nhận hộ nghèo",
    )
    .await;
    fill(&client, "#f-ngay_nhan", "03/06/2024").await;
    click_and_wait(&client, "form[action='/ho-so'] button[type=submit]").await;
    let dossier = wait_for_path(&client, "the new dossier", |p| p.starts_with("/ho-so/")).await;
    let text = wait_for_text(&client, "Đặng Thị Năm").await;
    assert!(
        text.contains("Quá hạn"),
        "steps of June 2024 are overdue today"
    );
    fill(&client, "#d-REVIEW", "10/06/2024").await;
    click_and_wait(&client, "form[action$='/buoc'] button").await;
    wait_for_text(&client, "10/06/2024").await;
    save_screenshot(&client, "ho-so").await;
    log_out(&client).await;

    // The leader signs the decision.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&dossier)).await.unwrap();
    fill(&client, "#f-so", "15/QĐ-UBND").await;
    fill(&client, "#f-ngay-qd", "25/06/2024").await;
    fill(&client, "#f-he_so", "1,5").await;
    click_and_wait(&client, "form[action$='/quyet-dinh'] button").await;
    wait_for_text(&client, "đã có quyết định hưởng").await;
    save_screenshot(&client, "ho-so-quyet-dinh").await;
    log_out(&client).await;

    // The province computes July 2024: July at 500,000 × 1.5, June as arrears at 360,000 × 1.5.
    log_in(&client, &app, "canbo.tinh").await;
    client
        .goto(&app.url("/chi-tra?thang=07/2024"))
        .await
        .unwrap();
    wait_for_text(&client, "Chưa có bảng chi").await;
    click_and_wait(&client, "form[action='/chi-tra'][method='post'] button").await;
    wait_for_path(&client, "the run", |p| p.starts_with("/chi-tra/")).await;
    let text = wait_for_text(&client, "Nháp").await;
    assert!(
        text.contains("750.000") && text.contains("540.000"),
        "{text}"
    );
    save_screenshot(&client, "chi-tra").await;
    let run = path_of(&client).await;
    log_out(&client).await;

    // The leader approves and locks; the commune's list is printable.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&run)).await.unwrap();
    click_and_wait(&client, "form.actions button").await;
    wait_for_text(&client, "Đã duyệt").await;
    click_and_wait(&client, "form.actions button").await;
    wait_for_text(&client, "Đã khóa").await;
    // The commune's payment list is the printable page, with the list's own header.
    click_and_wait_for(
        &client,
        &format!("a[href='{run}/danh-sach/{COMMUNE}']"),
        "header.head",
    )
    .await;
    let list = wait_for_text(&client, "Ký nhận").await;
    assert!(
        list.contains("Đặng Thị Năm") && list.contains("1.290.000"),
        "{list}"
    );
    save_screenshot(&client, "chi-tra-danh-sach").await;

    client.close().await.unwrap();
    app.stop().await;
}
