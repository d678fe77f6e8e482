//! `ansinh export persons|households FILE` and `--template FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use ansinh_files::{Format, Layout, write_households, write_persons, write_template};
use ansinh_store::{Store, today_vn};
use anyhow::{Context, bail};

use crate::cli::LayoutArg;

pub async fn export(
    store: &Store,
    layout: LayoutArg,
    file: Option<PathBuf>,
    template: Option<PathBuf>,
    area: Option<String>,
) -> anyhow::Result<ExitCode> {
    let layout_files = match layout {
        LayoutArg::Persons => Layout::Persons,
        LayoutArg::Households => Layout::Households,
    };
    if let Some(path) = template {
        let bytes = write_template(layout_files, Format::from_path(&path)?)?;
        std::fs::write(&path, bytes)
            .with_context(|| format!("không ghi được {}", path.display()))?;
        println!("Đã ghi mẫu nhập liệu vào {}.", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = file else {
        bail!("cần tên tệp xuất (.xlsx hoặc .csv) hoặc --template TỆP");
    };
    let format = Format::from_path(&path)?;
    let area_id = match area {
        Some(code) => Some(store.area_by_code(&code, today_vn()).await?.id),
        None => None,
    };
    let (bytes, n) = match layout {
        LayoutArg::Persons => {
            let rows = store
                .export_persons(area_id.as_ref().map(std::slice::from_ref))
                .await?;
            (write_persons(&rows, format)?, rows.len())
        }
        LayoutArg::Households => {
            let rows = store
                .export_households(area_id.as_ref().map(std::slice::from_ref))
                .await?;
            (write_households(&rows, format)?, rows.len())
        }
    };
    std::fs::write(&path, bytes).with_context(|| format!("không ghi được {}", path.display()))?;
    println!("Đã xuất {n} dòng vào {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
