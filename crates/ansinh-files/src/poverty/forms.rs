//! The report forms of the poverty review, after the report set of Thông tư 07/2021/TT-BLĐTBXH
//! Phụ lục VII (titles from `ansinh_core::poverty::ReportKind`; the official numbering is
//! unconfirmed and every form says so).
//!
//! Each form is first built as a [`FormTable`] (its columns, a row per commune and a total
//! row, or a row per household for the detailed lists), so the XLSX workbook
//! ([`write_poverty_forms`]) and the printable web pages render the same cells. In the
//! workbook counts are numbers with a thousands format and rates percentages, so Excel shows
//! them in the reader's locale (17.034 and 2,27% on a Vietnamese system); on a page
//! [`Cell::to_vi`] writes them the Vietnamese way.

use ansinh_core::poverty::number::thousands;
use ansinh_core::poverty::{
    AreaBasis, AreaKey, AreaStats, ByArea, Cause, ChildTotals, Class, Deprivations, Dimension,
    HouseholdGroup, Indicator, ListedHousehold, MovementLine, Movements, PovertyList,
    PovertyReport, Ratio, ReportKind,
};
use rust_xlsxwriter::{Format as CellFormat, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::cell::{excel_text, write_text};
use crate::error::FileError;

/// How a report row names its commune.
pub trait AreaLabel {
    fn code(&self) -> &str;
    fn name(&self) -> &str;
}

/// One household of a detailed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLine {
    pub area_code: String,
    pub area_name: String,
    pub household_code: String,
    pub head_name: String,
    pub ethnicity: String,
    pub address: String,
    pub members: Option<i32>,
    pub deprivations: Deprivations,
    pub reason: String,
}

/// What the forms are made from: the year's counters per commune, the movements against the
/// previous year and the two lists.
pub struct PovertyForms<'a, K> {
    pub year: i32,
    /// "theo địa bàn năm 2023" or "theo địa bàn hiện nay".
    pub basis_vi: &'a str,
    pub stats: &'a ByArea<K, AreaStats>,
    /// Absent when there is no previous year to compare with.
    pub movements: Option<&'a ByArea<K, Movements>>,
    pub poor: &'a [ListLine],
    pub near_poor: &'a [ListLine],
}

impl AreaLabel for AreaKey {
    fn code(&self) -> &str {
        &self.code
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl ListLine {
    /// A household of the store's detailed lists as a line of the forms.
    pub fn of(h: &ListedHousehold) -> ListLine {
        ListLine {
            area_code: h.area.code.clone(),
            area_name: h.area.name.clone(),
            household_code: h.household_code.clone(),
            head_name: h.head_name.clone().unwrap_or_default(),
            ethnicity: h
                .head_ethnicity
                .map(|e| e.name().to_string())
                .unwrap_or_default(),
            address: h.address.clone(),
            members: h.members,
            deprivations: h.deprivations,
            reason: h.reason_vi.clone(),
        }
    }
}

/// A report's detailed lists as the forms' lines and the line that says which communes the
/// rows are: what [`PovertyForms::of`] borrows.
pub struct FormLines {
    pub basis_vi: String,
    pub poor: Vec<ListLine>,
    pub near_poor: Vec<ListLine>,
}

impl FormLines {
    pub fn of(report: &PovertyReport) -> FormLines {
        FormLines {
            basis_vi: basis_vi(report.year, report.basis == AreaBasis::Today),
            poor: report.poor.iter().map(ListLine::of).collect(),
            near_poor: report.near_poor.iter().map(ListLine::of).collect(),
        }
    }
}

impl<'a> PovertyForms<'a, AreaKey> {
    /// The report set of a year's report (one table per form, for the workbook and the
    /// printable pages); the movement forms are empty when there is no previous year.
    pub fn of(report: &'a PovertyReport, lines: &'a FormLines) -> Self {
        PovertyForms {
            year: report.year,
            basis_vi: &lines.basis_vi,
            stats: &report.stats,
            movements: report.has_previous_year.then_some(&report.movements),
            poor: &lines.poor,
            near_poor: &lines.near_poor,
        }
    }
}

/// One cell of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Count(u64),
    Rate(Ratio),
    Empty,
}

impl Cell {
    /// The cell as a Vietnamese page shows it: "1.234", "2,27%", "-" for a rate without
    /// households to divide by.
    pub fn to_vi(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => thousands(i64::try_from(*n).unwrap_or(i64::MAX)),
            Cell::Rate(r) => r.percent_vi(2),
            Cell::Empty => String::new(),
        }
    }

    /// Numbers are right-aligned on a page.
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Rate(_))
    }
}

/// How wide a column is and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A short code or a row number.
    Code,
    /// A commune's or a person's name.
    Name,
    /// A count or a rate.
    Number,
    /// A long text (an address, the reason of a classification).
    Long,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    /// The heading over a run of columns ("Hộ nghèo" over its five counts); consecutive
    /// columns with the same group share one heading cell.
    pub group: Option<String>,
    pub kind: ColumnKind,
}

impl Column {
    fn new(header: impl Into<String>, kind: ColumnKind) -> Column {
        Column {
            header: header.into(),
            group: None,
            kind,
        }
    }

    fn number(header: impl Into<String>) -> Column {
        Column::new(header, ColumnKind::Number)
    }

    fn grouped(group: &str, header: impl Into<String>) -> Column {
        Column {
            group: Some(group.to_string()),
            ..Column::number(header)
        }
    }
}

/// A heading cell over one or more columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupHeading {
    /// Empty for a column without a group (one heading each): its own header spans both
    /// heading rows.
    pub label: String,
    pub span: usize,
}

/// One form, ready to write as a sheet or a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormTable {
    pub kind: ReportKind,
    /// "Biểu 11: Thiếu hụt của trẻ em năm 2023".
    pub title: String,
    /// Which communes the rows are and that the numbering is unconfirmed, then what else the
    /// reader must know about this form.
    pub notes: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The total row ("Tổng cộng"), when the form has one.
    pub total: Option<Vec<Cell>>,
}

impl FormTable {
    /// The first heading row when some columns are grouped, `None` when the form has one
    /// heading row.
    pub fn group_headings(&self) -> Option<Vec<GroupHeading>> {
        if self.columns.iter().all(|c| c.group.is_none()) {
            return None;
        }
        let mut out: Vec<GroupHeading> = Vec::new();
        let mut previous: Option<&str> = None;
        for c in &self.columns {
            match (c.group.as_deref(), previous, out.last_mut()) {
                (Some(g), Some(p), Some(last)) if g == p => last.span += 1,
                (g, _, _) => out.push(GroupHeading {
                    label: g.unwrap_or_default().to_string(),
                    span: 1,
                }),
            }
            previous = c.group.as_deref();
        }
        Some(out)
    }
}

/// The line under each form's title that says which communes its rows are.
pub fn basis_vi(year: i32, today_areas: bool) -> String {
    if today_areas {
        "theo địa bàn xã/phường hiện nay (quy đổi qua sắp xếp năm 2025)".to_string()
    } else {
        format!("theo địa bàn xã/phường năm {year}")
    }
}

/// Said on every form: the numbers come from the set of RULES §2, not from the official text.
const NUMBERING_NOTE: &str = "Số thứ tự và nội dung biểu theo bộ biểu Phụ lục VII Thông tư \
    07/2021/TT-BLĐTBXH, chưa đối chiếu bản chính thức.";

/// Said on forms 11–13, whose columns are ansinh's reading of the form.
const COLUMNS_NOTE: &str = "Các cột của biểu này do ansinh xác định từ các chỉ số của chuẩn \
    nghèo đa chiều, chưa đối chiếu mẫu chính thức.";

const LISTS: [PovertyList; 2] = [PovertyList::Poor, PovertyList::NearPoor];

fn list_heading(list: PovertyList) -> &'static str {
    match list {
        PovertyList::Poor => "Hộ nghèo",
        PovertyList::NearPoor => "Hộ cận nghèo",
    }
}

/// The area columns, then `columns`.
fn area_columns(columns: impl IntoIterator<Item = Column>) -> Vec<Column> {
    [
        Column::new("Mã", ColumnKind::Code),
        Column::new("Xã/phường", ColumnKind::Name),
    ]
    .into_iter()
    .chain(columns)
    .collect()
}

/// A row per commune and the total row, the cells of each from `values`.
fn by_area<K: AreaLabel, T>(
    table: &ByArea<K, T>,
    values: impl Fn(&T) -> Vec<Cell>,
) -> (Vec<Vec<Cell>>, Option<Vec<Cell>>) {
    let rows = table
        .areas
        .iter()
        .map(|(k, t)| {
            [Cell::Text(k.code().into()), Cell::Text(k.name().into())]
                .into_iter()
                .chain(values(t))
                .collect()
        })
        .collect();
    let total = [Cell::Empty, Cell::Text("Tổng cộng".into())]
        .into_iter()
        .chain(values(&table.total))
        .collect();
    (rows, Some(total))
}

fn count(n: u64) -> Cell {
    Cell::Count(n)
}

impl<K: AreaLabel> PovertyForms<'_, K> {
    fn notes(&self, extra: &[String]) -> Vec<String> {
        let mut notes = vec![format!("Số liệu {}. {NUMBERING_NOTE}", self.basis_vi)];
        notes.extend(extra.iter().cloned());
        notes
    }

    fn table(
        &self,
        kind: ReportKind,
        notes: &[String],
        columns: Vec<Column>,
        (rows, total): (Vec<Vec<Cell>>, Option<Vec<Cell>>),
    ) -> FormTable {
        FormTable {
            kind,
            title: format!(
                "Biểu {}: {} năm {}",
                kind.sequence(),
                kind.title_vi(),
                self.year
            ),
            notes: self.notes(notes),
            columns,
            rows,
            total,
        }
    }

    /// Every form of the set, in order.
    pub fn tables(&self) -> Vec<FormTable> {
        ReportKind::ALL.iter().map(|k| self.form(*k)).collect()
    }

    /// One form.
    pub fn form(&self, kind: ReportKind) -> FormTable {
        let stats = self.stats;
        match kind {
            ReportKind::Summary => self.table(
                kind,
                &[],
                area_columns([
                    Column::number("Tổng số hộ"),
                    Column::number("Số hộ nghèo"),
                    Column::number("Tỷ lệ hộ nghèo"),
                    Column::number("Số hộ cận nghèo"),
                    Column::number("Tỷ lệ hộ cận nghèo"),
                    Column::number("Hộ có mức sống trung bình"),
                    Column::number("Trong đó: hộ làm nông, lâm, ngư, diêm nghiệp"),
                ]),
                by_area(stats, |s| {
                    vec![
                        count(s.households),
                        count(s.count(Class::Poor)),
                        Cell::Rate(s.rate(PovertyList::Poor)),
                        count(s.count(Class::NearPoor)),
                        Cell::Rate(s.rate(PovertyList::NearPoor)),
                        count(s.count(Class::AverageLivingStandard)),
                        count(s.average_farming()),
                    ]
                }),
            ),
            ReportKind::PoorMovement | ReportKind::NearPoorMovement => {
                let list = if kind == ReportKind::PoorMovement {
                    PovertyList::Poor
                } else {
                    PovertyList::NearPoor
                };
                let columns = area_columns(
                    MovementLine::ALL
                        .iter()
                        .map(|l| Column::number(l.label_vi(list))),
                );
                match self.movements {
                    Some(m) => self.table(
                        kind,
                        &[],
                        columns,
                        by_area(m, |mv| {
                            mv.get(list)
                                .lines()
                                .iter()
                                .map(|(_, n)| count(*n))
                                .collect()
                        }),
                    ),
                    None => self.table(
                        kind,
                        &[format!(
                            "Chưa có kết quả rà soát năm {} để so sánh: biểu không có số liệu.",
                            self.year - 1
                        )],
                        columns,
                        (Vec::new(), None),
                    ),
                }
            }
            ReportKind::PoorDeprivationCounts
            | ReportKind::PoorDeprivationRates
            | ReportKind::NearPoorDeprivationCounts
            | ReportKind::NearPoorDeprivationRates => {
                let (list, rates) = match kind {
                    ReportKind::PoorDeprivationCounts => (PovertyList::Poor, false),
                    ReportKind::PoorDeprivationRates => (PovertyList::Poor, true),
                    ReportKind::NearPoorDeprivationCounts => (PovertyList::NearPoor, false),
                    _ => (PovertyList::NearPoor, true),
                };
                let notes = if rates {
                    vec![format!(
                        "Tỷ lệ = số {0} thiếu hụt chỉ số / tổng số {0} của xã/phường.",
                        list.label_vi()
                    )]
                } else {
                    Vec::new()
                };
                let columns = area_columns(
                    std::iter::once(Column::number(format!("Số {}", list.label_vi()))).chain(
                        Indicator::ALL.iter().map(|i| {
                            Column::grouped(
                                i.dimension().name_vi(),
                                format!("{}. {}", i.number(), i.name_vi()),
                            )
                        }),
                    ),
                );
                self.table(
                    kind,
                    &notes,
                    columns,
                    by_area(stats, |s| {
                        std::iter::once(count(s.list_count(list)))
                            .chain(Indicator::ALL.iter().map(|i| {
                                if rates {
                                    Cell::Rate(s.deprivation_rate(list, *i))
                                } else {
                                    count(s.deprivation_count(list, *i))
                                }
                            }))
                            .collect()
                    }),
                )
            }
            ReportKind::ByGroup => self.per_list_form(
                kind,
                "Một hộ có thể thuộc nhiều nhóm; nhóm \"Hộ khác\" là hộ không thuộc nhóm nào.",
                &HouseholdGroup::ALL,
                HouseholdGroup::label_vi,
                AreaStats::group_count,
            ),
            ReportKind::ByEthnicity => {
                let total = &stats.total;
                let mut present: Vec<_> = LISTS
                    .iter()
                    .flat_map(|l| total.ethnicities_present(*l).map(|(e, _)| e))
                    .collect();
                present.sort_by_key(|e| e.code());
                present.dedup();
                let rows = present
                    .iter()
                    .map(|e| {
                        vec![
                            Cell::Text(e.code().to_string()),
                            Cell::Text(e.name().to_string()),
                            count(total.ethnicity_count(PovertyList::Poor, *e)),
                            count(total.ethnicity_count(PovertyList::NearPoor, *e)),
                        ]
                    })
                    .collect();
                let sum = vec![
                    Cell::Empty,
                    Cell::Text("Tổng cộng".into()),
                    count(total.list_count(PovertyList::Poor)),
                    count(total.list_count(PovertyList::NearPoor)),
                ];
                self.table(
                    kind,
                    &["Dân tộc của chủ hộ; các dân tộc có ít nhất một hộ.".to_string()],
                    vec![
                        Column::new("Mã", ColumnKind::Code),
                        Column::new("Dân tộc", ColumnKind::Name),
                        Column::number("Số hộ nghèo"),
                        Column::number("Số hộ cận nghèo"),
                    ],
                    (rows, Some(sum)),
                )
            }
            ReportKind::ByCause => self.per_list_form(
                kind,
                "Một hộ có thể có nhiều nguyên nhân.",
                &Cause::ALL,
                Cause::label_vi,
                AreaStats::cause_count,
            ),
            ReportKind::ChildDeprivations => self.children_form(),
            ReportKind::PoorMultidimensionalSummary => self.summary_form(PovertyList::Poor),
            ReportKind::NearPoorMultidimensionalSummary => self.summary_form(PovertyList::NearPoor),
            ReportKind::NearPoorList => self.list_form(kind, self.near_poor),
            ReportKind::PoorList => self.list_form(kind, self.poor),
        }
    }

    /// A form with, for each list, a column per item (a group, a cause) under the list's
    /// heading: the households of the list counted by `value`.
    fn per_list_form<T: Copy>(
        &self,
        kind: ReportKind,
        note: &str,
        items: &[T],
        label: fn(T) -> &'static str,
        value: fn(&AreaStats, PovertyList, T) -> u64,
    ) -> FormTable {
        self.table(
            kind,
            &[note.to_string()],
            area_columns(LISTS.iter().flat_map(|l| {
                items
                    .iter()
                    .map(|i| Column::grouped(list_heading(*l), label(*i)))
            })),
            by_area(self.stats, |s| {
                LISTS
                    .iter()
                    .flat_map(|l| items.iter().map(move |i| count(value(s, *l, *i))))
                    .collect()
            }),
        )
    }

    /// Biểu 11: the children of poor and near-poor households and how many of them lack
    /// nutrition, health insurance (from 6 years) and schooling at their level (from 3 years),
    /// as the surveys count them.
    fn children_form(&self) -> FormTable {
        let not_recorded: u64 = LISTS
            .iter()
            .map(|l| self.stats.total.children(*l).households_not_recorded)
            .sum();
        let mut notes = vec![
            COLUMNS_NOTE.to_string(),
            "Số trẻ em lấy từ phiếu rà soát của hộ: trẻ em dưới 16 tuổi; không có bảo hiểm y tế: \
             trẻ từ 6 đến dưới 16 tuổi; không đi học đúng cấp: trẻ từ 3 đến dưới 16 tuổi."
                .to_string(),
        ];
        if not_recorded > 0 {
            notes.push(format!(
                "{} hộ nghèo, cận nghèo có phiếu chưa ghi số trẻ em (phiếu nhập trước khi có câu \
                 hỏi này) không được tính trong các cột trẻ em; xem cột cuối.",
                thousands(i64::try_from(not_recorded).unwrap_or(i64::MAX))
            ));
        }
        let child_columns = |list: PovertyList| {
            let g = list_heading(list);
            [
                Column::grouped(g, "Số hộ có trẻ em"),
                Column::grouped(g, "Số trẻ em dưới 16 tuổi"),
                Column::grouped(g, "Trẻ em suy dinh dưỡng"),
                Column::grouped(g, "Trẻ em từ 6 tuổi không có BHYT"),
                Column::grouped(g, "Trẻ em từ 3 tuổi không đi học đúng cấp"),
            ]
        };
        let child_cells = |c: &ChildTotals| {
            [
                count(c.households_with_children),
                count(c.under_16),
                count(c.malnourished),
                count(c.without_health_insurance),
                count(c.not_at_school_level),
            ]
        };
        self.table(
            ReportKind::ChildDeprivations,
            &notes,
            area_columns(
                LISTS
                    .iter()
                    .flat_map(|l| child_columns(*l))
                    .chain([Column::number("Hộ chưa ghi số trẻ em")]),
            ),
            by_area(self.stats, |s| {
                LISTS
                    .iter()
                    .flat_map(|l| child_cells(s.children(*l)))
                    .chain([count(
                        LISTS
                            .iter()
                            .map(|l| s.children(*l).households_not_recorded)
                            .sum(),
                    )])
                    .collect()
            }),
        )
    }

    /// Biểu 12 and 13: the list's households against all households, their members, the
    /// groups they belong to, and how many indicators and which dimensions they lack.
    fn summary_form(&self, list: PovertyList) -> FormTable {
        let (kind, buckets): (ReportKind, &[u8]) = match list {
            PovertyList::Poor => (ReportKind::PoorMultidimensionalSummary, &[3, 4, 5, 6]),
            PovertyList::NearPoor => (ReportKind::NearPoorMultidimensionalSummary, &[0, 1, 2]),
        };
        let l = list.label_vi();
        let last = buckets.len() - 1;
        let lacking = "Số hộ theo số chỉ số thiếu hụt";
        let dimension = "Số hộ thiếu hụt theo chiều";
        let groups = format!("Trong đó: {l}");
        let mut columns = vec![
            Column::number("Tổng số hộ"),
            Column::number(format!("Số {l}")),
            Column::number(format!("Tỷ lệ {l}")),
            Column::number(format!("Số nhân khẩu {l}")),
            Column::grouped(&groups, "Dân tộc thiểu số"),
            Column::grouped(&groups, "Tỷ lệ trong hộ dân tộc thiểu số"),
            Column::grouped(&groups, "Chủ hộ là nữ"),
            Column::grouped(&groups, "Có người có công"),
            Column::grouped(&groups, "Không có khả năng lao động"),
        ];
        columns.extend(buckets.iter().enumerate().map(|(i, n)| {
            let label = if i == last && list == PovertyList::Poor {
                format!("Từ {n} chỉ số trở lên")
            } else {
                format!("{n} chỉ số")
            };
            Column::grouped(lacking, label)
        }));
        columns.extend(
            Dimension::ALL
                .iter()
                .map(|d| Column::grouped(dimension, d.name_vi())),
        );
        let notes = [
            COLUMNS_NOTE.to_string(),
            format!(
                "Tỷ lệ {l} = số {l} / tổng số hộ của xã/phường; tỷ lệ trong hộ dân tộc thiểu số = \
                 số {l} có chủ hộ là người dân tộc thiểu số / số hộ có chủ hộ là người dân tộc \
                 thiểu số. Một hộ thiếu hụt một chiều khi thiếu ít nhất một chỉ số của chiều đó."
            ),
        ];
        self.table(
            kind,
            &notes,
            area_columns(columns),
            by_area(self.stats, |s| {
                let mut cells = vec![
                    count(s.households),
                    count(s.list_count(list)),
                    Cell::Rate(s.rate(list)),
                    count(s.members(list)),
                    count(s.group_count(list, HouseholdGroup::EthnicMinority)),
                    Cell::Rate(s.minority_rate(list)),
                    count(s.female_head(list)),
                    count(s.group_count(list, HouseholdGroup::PersonOfMerit)),
                    count(s.group_count(list, HouseholdGroup::NoWorkingCapacity)),
                ];
                cells.extend(buckets.iter().enumerate().map(|(i, n)| {
                    count(if i == last && list == PovertyList::Poor {
                        s.lacking_at_least(list, *n)
                    } else {
                        s.lacking_exactly(list, *n)
                    })
                }));
                cells.extend(
                    Dimension::ALL
                        .iter()
                        .map(|d| count(s.dimension_count(list, *d))),
                );
                cells
            }),
        )
    }

    /// Biểu 14 and 15: one row per household.
    fn list_form(&self, kind: ReportKind, lines: &[ListLine]) -> FormTable {
        let rows = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    count(i as u64 + 1),
                    Cell::Text(format!("{} ({})", l.area_name, l.area_code)),
                    Cell::Text(l.household_code.clone()),
                    Cell::Text(l.head_name.clone()),
                    Cell::Text(l.ethnicity.clone()),
                    Cell::Text(l.address.clone()),
                    l.members
                        .and_then(|m| u64::try_from(m).ok())
                        .map_or(Cell::Empty, count),
                    Cell::Text(l.deprivations.to_string()),
                    Cell::Text(l.reason.clone()),
                ]
            })
            .collect();
        self.table(
            kind,
            &[
                "Chỉ số thiếu hụt ghi theo mã: VL việc làm, NPT người phụ thuộc, DD dinh dưỡng, \
                 BHYT bảo hiểm y tế, TDGD trình độ giáo dục người lớn, DHTE đi học của trẻ em, \
                 CLNO chất lượng nhà ở, DTNO diện tích nhà ở, NUOC nước sinh hoạt, NTIEU nhà \
                 tiêu, VT viễn thông, TTIN tiếp cận thông tin."
                    .to_string(),
            ],
            vec![
                Column::new("STT", ColumnKind::Code),
                Column::new("Xã/phường", ColumnKind::Name),
                Column::new("Mã hộ", ColumnKind::Name),
                Column::new("Họ tên chủ hộ", ColumnKind::Name),
                Column::new("Dân tộc", ColumnKind::Code),
                Column::new("Địa chỉ", ColumnKind::Name),
                Column::number("Số nhân khẩu"),
                Column::new("Chỉ số thiếu hụt", ColumnKind::Name),
                Column::new("Căn cứ phân loại", ColumnKind::Long),
            ],
            (rows, None),
        )
    }
}

/// A short sheet name (Excel allows 31 characters) that keeps the form's number.
fn sheet_name(kind: ReportKind) -> String {
    let short = match kind {
        ReportKind::Summary => "Tổng hợp",
        ReportKind::PoorMovement => "Diễn biến nghèo",
        ReportKind::NearPoorMovement => "Diễn biến cận nghèo",
        ReportKind::PoorDeprivationCounts => "Thiếu hụt nghèo (số hộ)",
        ReportKind::PoorDeprivationRates => "Thiếu hụt nghèo (tỷ lệ)",
        ReportKind::NearPoorDeprivationCounts => "Thiếu hụt cận nghèo (số)",
        ReportKind::NearPoorDeprivationRates => "Thiếu hụt cận nghèo (tỷ lệ)",
        ReportKind::ByGroup => "Theo nhóm",
        ReportKind::ByEthnicity => "Theo dân tộc",
        ReportKind::ByCause => "Theo nguyên nhân",
        ReportKind::ChildDeprivations => "Thiếu hụt trẻ em",
        ReportKind::PoorMultidimensionalSummary => "Tổng hợp nghèo đa chiều",
        ReportKind::NearPoorMultidimensionalSummary => "Tổng hợp cận nghèo",
        ReportKind::NearPoorList => "DS hộ cận nghèo",
        ReportKind::PoorList => "DS hộ nghèo",
    };
    format!("{:02} {short}", kind.sequence())
}

struct Formats {
    title: CellFormat,
    header: CellFormat,
    count: CellFormat,
    rate: CellFormat,
    total_text: CellFormat,
    total: CellFormat,
    total_rate: CellFormat,
    note: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        let header = CellFormat::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        Formats {
            title: CellFormat::new().set_bold().set_font_size(13),
            header,
            count: CellFormat::new().set_num_format("#,##0"),
            rate: CellFormat::new().set_num_format("0.00%"),
            total_text: CellFormat::new().set_bold(),
            total: CellFormat::new().set_bold().set_num_format("#,##0"),
            total_rate: CellFormat::new().set_bold().set_num_format("0.00%"),
            note: CellFormat::new().set_italic().set_font_size(9),
        }
    }
}

fn ratio(r: Ratio) -> f64 {
    r.basis_points().map(|b| b as f64 / 10_000.0).unwrap_or(0.0)
}

fn col(i: usize) -> Result<u16, FileError> {
    u16::try_from(i).map_err(|_| FileError::Write("quá nhiều cột".into()))
}

fn row_at(i: usize) -> Result<u32, FileError> {
    u32::try_from(i).map_err(|_| FileError::Write("quá nhiều dòng".into()))
}

/// Writes one cell; an undefined rate (no household to divide by) is left empty.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    f: &Formats,
    total: bool,
) -> Result<(), FileError> {
    match cell {
        Cell::Text(s) => {
            write_text(ws, r, c, s, total.then_some(&f.total_text))?;
            ws
        }
        Cell::Count(n) => {
            ws.write_number_with_format(r, c, *n as f64, if total { &f.total } else { &f.count })?
        }
        Cell::Rate(x) if x.basis_points().is_none() => ws.write_string(r, c, "-")?,
        Cell::Rate(x) => ws.write_number_with_format(
            r,
            c,
            ratio(*x),
            if total { &f.total_rate } else { &f.rate },
        )?,
        Cell::Empty => ws,
    };
    Ok(())
}

/// One form as a sheet: the title, the notes, one or two heading rows, the rows, the total.
fn write_sheet(ws: &mut Worksheet, f: &Formats, t: &FormTable) -> Result<(), FileError> {
    ws.set_name(sheet_name(t.kind))?;
    write_text(ws, 0, 0, &t.title, Some(&f.title))?;
    for (i, note) in t.notes.iter().enumerate() {
        write_text(ws, row_at(1 + i)?, 0, note, Some(&f.note))?;
    }
    let mut r = row_at(t.notes.len() + 2)?;
    let heading = r;
    if let Some(groups) = t.group_headings() {
        let mut c = 0usize;
        for g in &groups {
            let (first, last) = (col(c)?, col(c + g.span - 1)?);
            if g.label.is_empty() {
                // An ungrouped column: its own header fills both heading rows.
                for i in c..c + g.span {
                    let header = excel_text(&t.columns[i].header);
                    ws.merge_range(r, col(i)?, r + 1, col(i)?, &header, &f.header)?;
                }
            } else if first == last {
                write_text(ws, r, first, &g.label, Some(&f.header))?;
            } else {
                ws.merge_range(r, first, r, last, &excel_text(&g.label), &f.header)?;
            }
            c += g.span;
        }
        for (i, column) in t.columns.iter().enumerate() {
            if column.group.is_some() {
                write_text(ws, r + 1, col(i)?, &column.header, Some(&f.header))?;
            }
        }
        ws.set_row_height(r + 1, 60)?;
        r += 2;
    } else {
        for (i, column) in t.columns.iter().enumerate() {
            write_text(ws, r, col(i)?, &column.header, Some(&f.header))?;
        }
        ws.set_row_height(r, 45)?;
        r += 1;
    }
    for (i, column) in t.columns.iter().enumerate() {
        let width = match column.kind {
            ColumnKind::Code => 8,
            ColumnKind::Name => 24,
            ColumnKind::Number => 13,
            ColumnKind::Long => 60,
        };
        ws.set_column_width(col(i)?, width)?;
    }
    let name_column = t
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Name)
        .unwrap_or(0);
    ws.set_freeze_panes(r, col(name_column + 1)?)?;
    // Printed from Excel as on the web: A4 landscape, one page wide, the headings on every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(heading, r - 1)?;
    for cells in &t.rows {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, r, col(c)?, cell, f, false)?;
        }
        r += 1;
    }
    if let Some(cells) = &t.total {
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, r, col(c)?, cell, f, true)?;
        }
    }
    Ok(())
}

/// Writes the workbook of the report set: one sheet per form, in order.
pub fn write_poverty_forms<K: AreaLabel>(
    forms: &PovertyForms<'_, K>,
) -> Result<Vec<u8>, FileError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    for t in forms.tables() {
        write_sheet(book.add_worksheet(), &f, &t)?;
    }
    book.save_to_buffer()
        .map_err(|e| FileError::Write(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::Ethnicity;
    use ansinh_core::poverty::{Causes, ChildCounts, GroupFacts, Indicator, ReportRow, aggregate};

    #[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Area(&'static str, &'static str);

    impl AreaLabel for Area {
        fn code(&self) -> &str {
            self.0
        }
        fn name(&self) -> &str {
            self.1
        }
    }

    fn row(class: Class, lacks: &[Indicator], children: Option<ChildCounts>) -> ReportRow<Area> {
        ReportRow {
            area: Area("19900", "Thuận An"),
            class,
            deprivations: Deprivations::of(lacks),
            farming: false,
            groups: GroupFacts {
                head_ethnicity: Ethnicity::KINH,
                no_working_capacity: false,
                person_of_merit: false,
            },
            causes: Causes::NONE,
            members: Some(5),
            female_head: true,
            children,
        }
    }

    fn forms_of(stats: &ByArea<Area, AreaStats>) -> PovertyForms<'_, Area> {
        PovertyForms {
            year: 2023,
            basis_vi: "theo địa bàn xã/phường năm 2023",
            stats,
            movements: None,
            poor: &[],
            near_poor: &[],
        }
    }

    #[test]
    fn forms_eleven_to_thirteen_have_their_figures() {
        use Indicator::{Employment, Nutrition, Telecom, Water};
        let kids = ChildCounts {
            under_16: 2,
            malnourished: 1,
            without_health_insurance: 0,
            not_at_school_level: 0,
        };
        let rows = [
            row(Class::Poor, &[Employment, Nutrition, Water], Some(kids)),
            row(Class::Poor, &[Employment, Water, Telecom, Nutrition], None),
            row(Class::NearPoor, &[Water], Some(ChildCounts::default())),
            row(Class::NotPoor, &[], None),
        ];
        let stats = aggregate(&rows);
        let forms = forms_of(&stats);
        let eleven = forms.form(ReportKind::ChildDeprivations);
        assert_eq!(eleven.title, "Biểu 11: Thiếu hụt của trẻ em năm 2023");
        assert!(eleven.notes[0].contains("chưa đối chiếu bản chính thức"));
        assert!(
            eleven.notes.iter().any(|n| n.starts_with("1 hộ nghèo")),
            "{:?}",
            eleven.notes
        );
        let cells: Vec<String> = eleven.rows[0].iter().map(Cell::to_vi).collect();
        // Poor: 1 household with children, 2 children, 1 malnourished; near-poor: none; one
        // poor household's survey has no counts.
        assert_eq!(
            cells,
            [
                "19900",
                "Thuận An",
                "1",
                "2",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1"
            ]
        );
        let groups = eleven.group_headings().unwrap();
        assert_eq!(
            groups
                .iter()
                .map(|g| (g.label.as_str(), g.span))
                .collect::<Vec<_>>(),
            [
                ("", 1),
                ("", 1),
                ("Hộ nghèo", 5),
                ("Hộ cận nghèo", 5),
                ("", 1)
            ]
        );

        let twelve = forms.form(ReportKind::PoorMultidimensionalSummary);
        let headers: Vec<&str> = twelve.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            &headers[2..6],
            [
                "Tổng số hộ",
                "Số hộ nghèo",
                "Tỷ lệ hộ nghèo",
                "Số nhân khẩu hộ nghèo"
            ]
        );
        assert!(headers.contains(&"Từ 6 chỉ số trở lên"));
        let total: Vec<String> = twelve.total.unwrap().iter().map(Cell::to_vi).collect();
        // 4 households, 2 poor (50,00%), 10 members, 2 with a woman at the head; one lacks 3
        // indicators and one 4; both lack employment and water, one information.
        assert_eq!(
            total,
            [
                "",
                "Tổng cộng",
                "4",
                "2",
                "50,00%",
                "10",
                "0",
                "-",
                "2",
                "0",
                "0",
                "1",
                "1",
                "0",
                "0",
                "2",
                "2",
                "0",
                "0",
                "2",
                "1"
            ]
        );
        let thirteen = forms.form(ReportKind::NearPoorMultidimensionalSummary);
        assert!(thirteen.title.contains("cận nghèo"));
        let near: Vec<String> = thirteen.rows[0].iter().map(Cell::to_vi).collect();
        assert_eq!(&near[2..5], ["4", "1", "25,00%"]);
        // Near-poor by indicators lacked: 0, 1, 2; the household lacks water only.
        assert_eq!(&near[11..14], ["0", "1", "0"]);
    }

    #[test]
    fn the_workbook_has_fifteen_sheets_and_a_form_without_a_previous_year_says_so() {
        let rows = [row(Class::Poor, &Indicator::ALL[..3], None)];
        let stats = aggregate(&rows);
        let forms = forms_of(&stats);
        let tables = forms.tables();
        assert_eq!(tables.len(), 15);
        let movement = &tables[1];
        assert!(movement.rows.is_empty() && movement.total.is_none());
        assert!(movement.notes.iter().any(|n| n.contains("năm 2022")));
        let bytes = write_poverty_forms(&forms).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
