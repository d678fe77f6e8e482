//! The poverty-review survey sheet: a good sheet reads back as written, and each bad row is
//! named by line and column with a stable code while the good rows still parse.

use ansinh_core::Settlement;
use ansinh_core::poverty::SurveyRow;
use ansinh_core::poverty::{MeansAnswer, SurveyAnswers, ToiletType, WaterSource};
use ansinh_files::poverty::surveys::SURVEY_COLUMNS;
use ansinh_files::{Format, Limits, Table, parse_surveys, read_table, write_surveys};
use chrono::NaiveDate;

fn row(line: usize, code: &str, income: i64) -> SurveyRow {
    SurveyRow {
        line,
        household_code: code.into(),
        answers: SurveyAnswers {
            settlement: Settlement::Rural,
            members: 4,
            means: MeansAnswer::Income(income),
            member_without_stable_job: Some(true),
            dependants: Some(1),
            malnourished_child: Some(false),
            member_without_health_insurance: Some(false),
            youth_below_expected_education: Some(false),
            child_not_at_expected_school_level: Some(false),
            non_durable_main_parts: Some(2),
            floor_area_tenths_m2: Some(285),
            water_source: Some(WaterSource::DrilledWell),
            toilet: Some(ToiletType::Septic),
            uses_telecom: Some(true),
            has_information_device: Some(false),
            children_under_16: Some(2),
            children_malnourished: Some(0),
            children_without_health_insurance: Some(0),
            children_not_at_school_level: Some(0),
        },
        surveyor: "Nguyễn Văn A".into(),
        surveyed_on: NaiveDate::from_ymd_opt(2023, 10, 15).unwrap(),
    }
}

fn sheet(rows: &[SurveyRow]) -> Table {
    let bytes = write_surveys(rows).unwrap();
    read_table(&bytes, Format::Xlsx, &Limits::default()).unwrap()
}

const INCOME: &str = "Thu nhập bình quân đầu người/tháng (đồng)";
const WATER: &str = "Nguồn nước sinh hoạt";

fn column(table: &Table, header: &str) -> usize {
    table.headers.iter().position(|h| h == header).unwrap()
}

#[test]
fn a_good_sheet_reads_back_as_written() {
    let rows = vec![
        row(2, "HO-19900-000001", 1_350_000),
        row(3, "HO-19900-000002", 2_100_000),
    ];
    let table = sheet(&rows);
    assert_eq!(table.rows.len(), 2);
    let (parsed, errors) = parse_surveys(&table).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(parsed.len(), 2);
    for (p, r) in parsed.iter().zip(&rows) {
        assert_eq!(p.line, r.line);
        assert_eq!(p.household_code, r.household_code);
        assert_eq!(p.answers.means, r.answers.means);
        assert_eq!(p.answers.members, r.answers.members);
        assert_eq!(p.answers.water_source, r.answers.water_source);
        assert_eq!(p.answers.toilet, r.answers.toilet);
        assert_eq!(
            p.answers.floor_area_tenths_m2,
            r.answers.floor_area_tenths_m2
        );
        assert_eq!(p.answers.has_information_device, Some(false));
        assert_eq!(p.answers.child_counts(), r.answers.child_counts());
        assert_eq!(p.surveyed_on, r.surveyed_on);
    }
}

/// Sheets made before the child counts were asked still read, without counts; a sheet with
/// the counts has them checked like any answer.
#[test]
fn child_count_columns_are_optional_and_checked() {
    let mut table = sheet(&[row(2, "HO-19900-000001", 1_350_000)]);
    let children = column(&table, "Số trẻ em dưới 16 tuổi");
    let malnourished = column(&table, "Số trẻ em suy dinh dưỡng");
    // More malnourished children than children, and a "no" to the nutrition question.
    table.rows[0].cells[malnourished] = "3".into();
    let (parsed, errors) = parse_surveys(&table).unwrap();
    assert!(parsed.is_empty());
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.column.as_str(), e.code)).collect();
    assert_eq!(
        found,
        [
            ("Số trẻ em suy dinh dưỡng", "poverty.child_count_exceeds"),
            (
                "Số trẻ em suy dinh dưỡng",
                "poverty.child_count_contradicts"
            ),
        ]
    );
    // Without the four columns the row reads, with no counts.
    let mut old = table.clone();
    for i in (children..children + 4).rev() {
        old.headers.remove(i);
        for r in &mut old.rows {
            r.cells.remove(i);
        }
    }
    let (parsed, errors) = parse_surveys(&old).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(parsed[0].answers.child_counts(), None);
}

#[test]
fn bad_rows_are_named_and_good_rows_still_parse() {
    let mut table = sheet(&[
        row(2, "HO-19900-000001", 1_350_000),
        row(3, "HO-19900-000002", 1_000_000),
        row(4, "HO-19900-000003", 900_000),
        row(5, "HO-19900-000001", 800_000),
    ]);
    let income = column(&table, INCOME);
    let water = column(&table, WATER);
    // A negative income, and a water source outside its list.
    table.rows[1].cells[income] = "-5000".into();
    table.rows[2].cells[water] = "Nước giếng thần".into();
    let (parsed, errors) = parse_surveys(&table).unwrap();

    let at = |line: usize| errors.iter().filter(|e| e.line == line).collect::<Vec<_>>();
    let negative = at(3);
    assert_eq!(negative.len(), 1, "{errors:?}");
    assert_eq!(negative[0].column, INCOME);
    assert!(
        negative[0].message.contains("âm"),
        "{}",
        negative[0].message
    );

    let domain = at(4);
    assert_eq!(domain.len(), 1, "{errors:?}");
    assert_eq!(domain[0].column, WATER);

    // The second row of the same household is refused, naming the first.
    let twice = at(5);
    assert_eq!(twice.len(), 1, "{errors:?}");
    assert_eq!(twice[0].code, "poverty.surveyed_twice");
    assert!(twice[0].message.contains('2'), "{}", twice[0].message);

    // Only the first row is good.
    assert!(at(2).is_empty());
    let good: Vec<usize> = parsed.iter().map(|r| r.line).collect();
    assert_eq!(good, [2]);
}

#[test]
fn a_sheet_saved_with_semicolons_reads_though_a_header_has_commas() {
    // Excel in a decimal-comma locale separates fields with ';' and leaves the commas of
    // "Số kết cấu chính không bền chắc (tường, cột, mái: 0–3)" unquoted; the separator was
    // judged on "no comma at all" and the whole header became one column (a fuzzing find).
    // Old Mac files end lines with CR alone, which the first line was not cut at either.
    let header: Vec<&str> = SURVEY_COLUMNS.iter().map(|(h, _, _)| *h).collect();
    let example: Vec<&str> = SURVEY_COLUMNS.iter().map(|(_, _, e)| *e).collect();
    for ending in ["\r\n", "\r"] {
        let csv = format!("{}{ending}{}{ending}", header.join(";"), example.join(";"));
        let table = read_table(csv.as_bytes(), Format::Csv, &Limits::default()).unwrap();
        assert_eq!(table.headers.len(), SURVEY_COLUMNS.len(), "{ending:?}");
        let (rows, errors) = parse_surveys(&table).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].answers.floor_area_tenths_m2, Some(285));
    }
}
