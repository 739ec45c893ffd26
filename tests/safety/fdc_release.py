"""A small FoodData Central CSV release written on the fly, in FDC's documented layout.

The values are USDA FoodData Central SR Legacy figures (per 100 g): Spinach, raw (FDC 168462): 23 kcal,
magnesium 79 mg, calcium 99 mg, potassium 558 mg, vitamin D 0 µg, B12 0 µg; Egg, whole, raw, fresh
(FDC 171287): 143 kcal, magnesium 12 mg, calcium 56 mg, potassium 138 mg, vitamin D 2.0 µg, B12 0.89 µg;
Almonds (FDC 170567): 579 kcal, magnesium 270 mg, calcium 269 mg, potassium 733 mg.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FILES: dict[str, str] = {
    "food.csv": (
        '"fdc_id","data_type","description","food_category_id","publication_date"\n'
        '"168462","sr_legacy_food","Spinach, raw","11","2019-04-01"\n'
        '"171287","sr_legacy_food","Egg, whole, raw, fresh","1","2019-04-01"\n'
        '"170567","sr_legacy_food","Nuts, almonds","12","2019-04-01"\n'
    ),
    "nutrient.csv": (
        '"id","name","unit_name","nutrient_nbr","rank"\n'
        '"1008","Energy","KCAL","208","300"\n'
        '"1090","Magnesium, Mg","MG","304","5700"\n'
        '"1087","Calcium, Ca","MG","301","5300"\n'
        '"1092","Potassium, K","MG","306","5700"\n'
        '"1114","Vitamin D (D2 + D3)","UG","328","8700"\n'
        '"1178","Vitamin B-12","UG","418","7300"\n'
    ),
    "food_nutrient.csv": (
        '"id","fdc_id","nutrient_id","amount"\n'
        '"1","168462","1008","23"\n"2","168462","1090","79"\n"3","168462","1087","99"\n'
        '"4","168462","1092","558"\n"5","168462","1114","0"\n"6","168462","1178","0"\n'
        '"7","171287","1008","143"\n"8","171287","1090","12"\n"9","171287","1087","56"\n'
        '"10","171287","1092","138"\n"11","171287","1114","2.0"\n"12","171287","1178","0.89"\n'
        '"13","170567","1008","579"\n"14","170567","1090","270"\n"15","170567","1087","269"\n'
        '"16","170567","1092","733"\n'
    ),
    "food_portion.csv": (
        '"id","fdc_id","seq_num","amount","measure_unit_id","portion_description","modifier","gram_weight"\n'
        '"1","168462","1","1","1000","","","30"\n'
        '"2","171287","1","1","9999","","large","50"\n'
        '"3","170567","1","1","1000","","whole","143"\n'
    ),
    "measure_unit.csv": '"id","name"\n"1000","cup"\n"9999","undetermined"\n',
    "food_category.csv": (
        '"id","code","description"\n"1","0100","Dairy and Egg Products"\n'
        '"11","1100","Vegetables and Vegetable Products"\n"12","1200","Nut and Seed Products"\n'
    ),
}


def write_release(folder: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """The release as a folder (inside it, a sub-folder as in the official zips)."""
    inner = folder / "FoodData_Central_sr_legacy_food_csv_2018-04"
    inner.mkdir(parents=True, exist_ok=True)
    for name, content in (files if files is not None else dict(FILES)).items():
        path = inner / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


def zip_release(path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in (files if files is not None else dict(FILES)).items():
            zf.writestr(f"FoodData_Central_sr_legacy_food_csv_2018-04/{name}", content)
    return path
