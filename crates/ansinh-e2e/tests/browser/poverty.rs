//! Poverty: the yearly review of a commune, from the survey form to the printed report forms.

use crate::*;

/// The survey form of the 2025 review with a wrong answer, then saved and classified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_enters_a_poverty_survey() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    let head = app
        .person("046080000011", "Lê Văn Nghèo", "Nam", "1980")
        .await;
    let h = app
        .store
        .create_household(&Actor::system("e2e"), "HO-19900-000011", COMMUNE, "Tổ 3")
        .await
        .unwrap();
    app.store
        .move_into(
            &Actor::system("e2e"),
            h.id,
            head.id,
            Relation::Head,
            today_vn(),
            MoveReason::Registered,
        )
        .await
        .unwrap();

    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ra-soat?nam=2025")).await.unwrap();
    click_and_wait(&client, "form[action='/ra-soat'][method='post'] button").await;
    wait_for_path(&client, "the campaign", |p| p.starts_with("/ra-soat/")).await;
    fill(&client, "#f-ma_ho", "HO-19900-000011").await;
    click_and_wait(&client, "form[action$='/them-ho'] button").await;
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000011']").await;
    fill(&client, "#f-nhan_khau", "4").await;
    fill(&client, "#f-gia_tri", "-5").await;
    for (select, value) in [
        ("vl", "co"),
        ("dd", "khong"),
        ("bhyt", "co"),
        ("tdgd", "khong"),
        ("dhte", "khong"),
        ("nuoc", "nuoc_may"),
        ("ntieu", "tu_hoai"),
        ("vt", "co"),
        ("ttin", "co"),
    ] {
        choose(&client, &format!("#f-{select}"), value).await;
    }
    fill(&client, "#f-npt", "1").await;
    fill(&client, "#f-clno", "2").await;
    fill(&client, "#f-dtno", "40").await;
    fill(&client, "#f-te", "0").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    let text = wait_for_text(&client, "không thể âm").await;
    assert!(text.contains("Biểu mẫu có lỗi"), "{text}");
    save_screenshot(&client, "ra-soat-phieu-loi").await;
    fill(&client, "#f-gia_tri", "1200000").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    wait_for_text(&client, "Đã lưu").await;
    click_and_wait(&client, "form[action$='/phan-loai'] button").await;
    wait_for_text(&client, "Hộ nghèo").await;
    save_screenshot(&client, "ra-soat").await;

    client.close().await.unwrap();
    app.stop().await;
}

/// A household of the test commune with its head, as the registry has it.
async fn household_with_head(app: &App, code: &str, head: (&str, &str, &str, &str)) {
    let (pid, name, sex, birth) = head;
    let person = app.person(pid, name, sex, birth).await;
    let h = app
        .store
        .create_household(&Actor::system("e2e"), code, COMMUNE, "Tổ 7")
        .await
        .unwrap();
    app.store
        .move_into(
            &Actor::system("e2e"),
            h.id,
            person.id,
            Relation::Head,
            today_vn(),
            MoveReason::Registered,
        )
        .await
        .unwrap();
}

/// WebDriver's Tab and Enter keys.
const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";

/// Types `keys` into the focused element, which must be `id`, then presses Tab: the survey is
/// filled from the keyboard alone, in the order of the paper form.
async fn type_then_tab(client: &Client, id: &str, keys: &str) {
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some(id),
        "the cursor should be on #{id}"
    );
    if !keys.is_empty() {
        focused.send_keys(keys).await.unwrap();
    }
    focused.send_keys(TAB).await.unwrap();
}

/// The cell of a sheet at the row whose first cell is `key` and the column headed `header`
/// (the heading row is the one holding "Xã/phường").
fn sheet_cell(book: &[u8], sheet: &str, key: &str, header: &str) -> calamine::Data {
    use calamine::{Reader, Xlsx};
    let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(book.to_vec()))
        .expect("an XLSX workbook");
    let range = xlsx.worksheet_range(sheet).expect("the sheet");
    let rows: Vec<&[calamine::Data]> = range.rows().collect();
    let headers = rows
        .iter()
        .rev()
        .find(|r| r.iter().any(|c| *c == header))
        .unwrap_or_else(|| panic!("no column {header} in {sheet}"));
    let column = headers.iter().position(|c| *c == header).unwrap();
    let row = rows
        .iter()
        .find(|r| r.first().map(|c| c.to_string()).as_deref() == Some(key))
        .unwrap_or_else(|| panic!("no row {key} in {sheet}"));
    row[column].clone()
}

/// The 2023 review of Phường Thuận An end to end: the commune officer opens it, lists two
/// applicants, enters their surveys (the first from the keyboard alone, with a wrong income
/// shown on its field), classifies and records the meeting, the posting and the end of
/// complaints; the leader approves; the provincial officer prints the forms (screenshots of
/// the screen and of the print layout) and downloads the workbook, whose figures agree.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commune_review_of_2023_from_survey_to_printed_forms() {
    let Some((browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.leader_and_province().await;
    household_with_head(
        &app,
        "HO-19900-000021",
        ("046178000021", "Trần Thị Lan", "Nữ", "1978"),
    )
    .await;
    household_with_head(
        &app,
        "HO-19900-000022",
        ("046065000022", "Phan Văn Bình", "Nam", "1965"),
    )
    .await;
    household_with_head(
        &app,
        "HO-19900-000023",
        ("046090000023", "Ngô Văn Cường", "Nam", "1990"),
    )
    .await;
    // What the review knew of these households in 2023 (loaded as the generator, or the
    // migration of an earlier review, does): they lived in the Phường Thuận An of that year.
    let old = app
        .store
        .area_by_code(COMMUNE, chrono_date(2023, 12, 31))
        .await
        .unwrap();
    let mut facts = Vec::new();
    for code in ["HO-19900-000021", "HO-19900-000022", "HO-19900-000023"] {
        let h = app.store.household_by_code(code).await.unwrap().unwrap();
        facts.push(ansinh_store::poverty::FactsRecord {
            household_id: h.id,
            year: 2023,
            area_id: old.id,
            farming: false,
            no_working_capacity: false,
            person_of_merit: false,
            causes: ansinh_core::poverty::Causes::of(&[ansinh_core::poverty::Cause::LackOfCapital]),
        });
    }
    app.store
        .load_poverty_facts(&Actor::system("e2e"), &facts)
        .await
        .unwrap();

    // The commune officer opens the 2023 review of the commune and lists the applicants.
    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ra-soat?nam=2023")).await.unwrap();
    wait_for_text(&client, "Chưa có đợt rà soát").await;
    choose(&client, "#f-xa", COMMUNE).await;
    click_and_wait(&client, "form[action='/ra-soat'][method='post'] button").await;
    let campaign = wait_for_path(&client, "the campaign", |p| p.starts_with("/ra-soat/")).await;
    client.goto(&app.url("/ra-soat?nam=2023")).await.unwrap();
    let list = wait_for_text(&client, "Phường Thuận An (19900)").await;
    assert!(list.contains("đang rà soát"), "{list}");
    save_screenshot(&client, "ra-soat-2023-dot").await;
    click_and_wait(&client, &format!("a[href='{campaign}']")).await;
    fill(&client, "#f-ma_ho", "HO-19900-000021, HO-19900-000022").await;
    click_and_wait(&client, "form[action$='/them-ho'] button").await;
    wait_for_text(&client, "Phan Văn Bình").await;

    // The first survey from the keyboard alone: the cursor starts on the household's members
    // and Tab walks the questions in the order of the paper form.
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000021']").await;
    wait_for(&client, "form.survey").await;
    for (id, keys) in [
        ("f-nhan_khau", "5"),
        ("f-cach", ""),
        ("f-gia_tri", "-5"),
        ("f-vl", "c"),
        ("f-npt", "1"),
        ("f-dd", "c"),
        ("f-bhyt", "k"),
        ("f-tdgd", "k"),
        ("f-dhte", "k"),
        ("f-clno", "2"),
        ("f-dtno", "30"),
        ("f-nuoc", "n"),
        ("f-ntieu", "t"),
        ("f-vt", "c"),
        ("f-ttin", "c"),
        ("f-te", "2"),
        ("f-te_sdd", "1"),
        ("f-te_bhyt", ""),
        ("f-te_hoc", ""),
    ] {
        type_then_tab(&client, id, keys).await;
    }
    // The surveyor and the day are filled in; Enter on the day's field sends the form.
    type_then_tab(&client, "f-nguoi_ra_soat", "").await;
    let day = fill(&client, "#f-ngay", "16/10/2023").await;
    let old_page = wait_for(&client, "html").await;
    day.send_keys(ENTER).await.unwrap();
    while old_page.tag_name().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The wrong income is shown on its own field, with every answer kept as typed, and the
    // cursor waits on it.
    let text = wait_for_text(&client, "không thể âm").await;
    assert!(text.contains("Biểu mẫu có lỗi"), "{text}");
    wait_for(&client, "#f-gia_tri[aria-invalid='true']").await;
    let income = client.active_element().await.unwrap();
    assert_eq!(
        income.attr("id").await.unwrap().as_deref(),
        Some("f-gia_tri")
    );
    assert_eq!(
        wait_for(&client, "#e-gia_tri").await.text().await.unwrap(),
        "Thu nhập bình quân đầu người/tháng không thể âm (nhận -5)"
    );
    assert_eq!(
        wait_for(&client, "#f-nuoc")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("nuoc_may")
    );
    assert_eq!(
        wait_for(&client, "#f-te_sdd")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("1")
    );
    save_screenshot(&client, "ra-soat-2023-phieu-loi").await;
    income.clear().await.unwrap();
    income
        .send_keys(&format!("1.200.000{ENTER}"))
        .await
        .unwrap();
    wait_for_text(&client, "Đã lưu").await;

    // The second survey with the mouse: near-poor (one deprivation), one child.
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000022']").await;
    fill(&client, "#f-nhan_khau", "3").await;
    fill(&client, "#f-gia_tri", "1.400.000").await;
    for (select, value) in [
        ("vl", "co"),
        ("dd", "khong"),
        ("bhyt", "khong"),
        ("tdgd", "khong"),
        ("dhte", "khong"),
        ("nuoc", "gieng_khoan"),
        ("ntieu", "ban_tu_hoai"),
        ("vt", "co"),
        ("ttin", "co"),
    ] {
        choose(&client, &format!("#f-{select}"), value).await;
    }
    fill(&client, "#f-npt", "1").await;
    fill(&client, "#f-clno", "0").await;
    fill(&client, "#f-dtno", "45,5").await;
    fill(&client, "#f-te", "1").await;
    fill(&client, "#f-ngay", "20/10/2023").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    wait_for_text(&client, "Đã lưu").await;

    // Classification, then the commune steps with their dates.
    click_and_wait(&client, "form[action$='/phan-loai'] button").await;
    let text = wait_for_text(&client, "Hộ cận nghèo").await;
    assert!(
        text.contains("Hộ nghèo") && text.contains("đã phân loại"),
        "{text}"
    );
    for (step, day) in [
        ("hop-dan", "20/11/2023"),
        ("niem-yet", "22/11/2023"),
        ("khieu-nai", "05/12/2023"),
    ] {
        fill(&client, &format!("#d-{step}"), day).await;
        click_and_wait(&client, &format!("form:has(#d-{step}) button")).await;
        wait_for_text(&client, day).await;
    }
    // The officer may not approve: there is no approval form on the page.
    assert!(
        client
            .find(Locator::Css("form[action$='/phe-duyet']"))
            .await
            .is_err()
    );
    save_screenshot(&client, "ra-soat-2023-cac-buoc").await;
    log_out(&client).await;

    // The leader approves.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&campaign)).await.unwrap();
    fill(&client, "#d-duyet", "10/12/2023").await;
    click_and_wait(&client, "form[action$='/phe-duyet'] button").await;
    let text = wait_for_text(&client, "đã phê duyệt").await;
    assert!(text.contains("10/12/2023"), "{text}");
    log_out(&client).await;

    // The provincial officer reads the rates, prints the forms and downloads the workbook.
    log_in(&client, &app, "canbo.tinh").await;
    client
        .goto(&app.url("/ra-soat/bao-cao?nam=2023"))
        .await
        .unwrap();
    let text = wait_for_text(&client, "33,33%").await;
    assert!(text.contains("1/1"), "one approved review of one: {text}");
    click_and_wait(&client, "a[href^='/ra-soat/bao-cao/bieu/11?']").await;
    let form = wait_for_text(&client, "Biểu 11: Thiếu hụt của trẻ em năm 2023").await;
    assert!(form.contains("THÀNH PHỐ HUẾ"), "{form}");
    // The poor household's two children, one malnourished; the near-poor one's child.
    let cells = texts(&client, ".form-table tr.total td").await;
    assert_eq!(
        cells,
        [
            "",
            "Tổng cộng",
            "1",
            "2",
            "1",
            "0",
            "0",
            "1",
            "1",
            "0",
            "0",
            "0",
            "0"
        ]
    );
    save_screenshot(&client, "bieu-11-man-hinh").await;
    save_print_screenshot(&client, "bieu-11-in").await;
    for (n, shot, marker) in [
        (1, "bieu-01", "33,33%"),
        (12, "bieu-12", "Từ 6 chỉ số trở lên"),
        (13, "bieu-13", "Số hộ cận nghèo"),
        (15, "bieu-15", "Trần Thị Lan"),
    ] {
        client
            .goto(&app.url(&format!("/ra-soat/bao-cao/bieu/{n}?nam=2023&co_so=nam")))
            .await
            .unwrap();
        wait_for_text(&client, marker).await;
        save_screenshot(&client, &format!("{shot}-man-hinh")).await;
        save_print_screenshot(&client, &format!("{shot}-in")).await;
    }
    client
        .goto(&app.url("/ra-soat/bao-cao/bieu?nam=2023&co_so=nam"))
        .await
        .unwrap();
    wait_for_text(&client, "Biểu 15").await;
    assert_eq!(
        client
            .find_all(Locator::Css("section.print-form"))
            .await
            .unwrap()
            .len(),
        15
    );
    save_print_screenshot(&client, "bieu-tat-ca-in").await;
    wait_for(&client, "a[href^='/ra-soat/bao-cao.xlsx?']")
        .await
        .click()
        .await
        .unwrap();
    let book = wait_for_download(&browser.download_dir(), "bieu-ra-soat-ho-ngheo-2023.xlsx").await;
    // The workbook says what the pages say: 3 households, 1 poor, 1 near-poor; the poor
    // household's 5 members; its 2 children.
    let number = |sheet: &str, header: &str| match sheet_cell(&book, sheet, COMMUNE, header) {
        calamine::Data::Float(x) => x,
        calamine::Data::Int(x) => x as f64,
        other => panic!("{sheet} / {header}: {other:?}"),
    };
    assert_eq!(number("01 Tổng hợp", "Tổng số hộ"), 3.0);
    assert_eq!(number("01 Tổng hợp", "Số hộ nghèo"), 1.0);
    assert_eq!(number("01 Tổng hợp", "Số hộ cận nghèo"), 1.0);
    assert!((number("01 Tổng hợp", "Tỷ lệ hộ nghèo") - 0.3333).abs() < 1e-9);
    assert_eq!(
        number("12 Tổng hợp nghèo đa chiều", "Số nhân khẩu hộ nghèo"),
        5.0
    );
    assert_eq!(number("11 Thiếu hụt trẻ em", "Số trẻ em dưới 16 tuổi"), 2.0);

    client.close().await.unwrap();
    app.stop().await;
}

fn chrono_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
