"""The peer an analyst would write: classify a year's poverty-review surveys with pandas.

Reads the surveys (one row per surveyed household) and the population (every household of the
year) exported by ansinh-bench as CSV, derives the 12 deprivations and the class with the same
thresholds as ansinh-core (ND 07/2021 values for 2022-2026), gives households without a survey
"khong_ngheo", writes the results CSV and prints the class counts and the time as JSON.

Usage: python3 poverty_classify.py SURVEYS.csv POPULATION.csv OUT.csv
"""
import json
import sys
import time

import numpy as np
import pandas as pd

LINES = {"rural": (1_500_000, 2_250_000), "urban": (2_000_000, 3_000_000)}
CLEAN_WATER = {"nuoc_may", "gieng_khoan", "gieng_dao_bao_ve", "khe_mo_bao_ve", "nuoc_mua", "nuoc_dong_binh"}
HYGIENIC = {"tu_hoai", "ban_tu_hoai", "tham_doi_nuoc", "hai_ngan", "chim_co_ong_thong_hoi"}


def main(surveys_path, population_path, out_path):
    t0 = time.perf_counter()
    s = pd.read_csv(surveys_path)
    pop = pd.read_csv(population_path)
    t_read = time.perf_counter()
    d = pd.DataFrame({
        "employment": s.no_stable_job.astype(bool),
        "dependants": 2 * s.dependants > s.members,
        "nutrition": s.malnourished_child.astype(bool),
        "insurance": s.no_health_insurance.astype(bool),
        "education": s.youth_below_education.astype(bool),
        "schooling": s.child_not_at_school_level.astype(bool),
        "housing": s.non_durable_parts >= 2,
        "floor": s.floor_area_tenths < 80 * s.members,
        "water": ~s.water_source.isin(CLEAN_WATER),
        "toilet": ~s.toilet.isin(HYGIENIC),
        "telecom": ~s.uses_telecom.astype(bool),
        "device": ~s.has_info_device.astype(bool),
    })
    lacks = d.sum(axis=1)
    rural = s.settlement == "rural"
    line = np.where(rural, LINES["rural"][0], LINES["urban"][0])
    ceiling = np.where(rural, LINES["rural"][1], LINES["urban"][1])
    income = s.income
    cls = np.select(
        [(income <= line) & (lacks >= 3), income <= line, income <= ceiling],
        ["ngheo", "can_ngheo", "muc_song_trung_binh"],
        default="khong_ngheo",
    )
    classified = pd.DataFrame({"household_id": s.household_id, "class": cls, "deprivations": lacks})
    results = pop[["household_id"]].merge(classified, on="household_id", how="left")
    results["class"] = results["class"].fillna("khong_ngheo")
    results["deprivations"] = results["deprivations"].fillna(0).astype(int)
    t_classify = time.perf_counter()
    results.to_csv(out_path, index=False)
    t_write = time.perf_counter()
    print(json.dumps({
        "rows_surveyed": int(len(s)),
        "households": int(len(results)),
        "counts": {k: int(v) for k, v in results["class"].value_counts().items()},
        "read_seconds": t_read - t0,
        "classify_seconds": t_classify - t_read,
        "write_seconds": t_write - t_classify,
        "total_seconds": t_write - t0,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:4])
