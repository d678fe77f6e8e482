"""The peer of the survey import: pandas + openpyxl reading the same 100,000-row sheet.

Usage: python3 read_surveys_xlsx.py FILE.xlsx  (prints the row count and the time as JSON)
"""
import json
import sys
import time

import pandas as pd

t0 = time.perf_counter()
df = pd.read_excel(sys.argv[1], engine="openpyxl", dtype=str)
print(json.dumps({"rows": int(len(df)), "seconds": time.perf_counter() - t0}))
