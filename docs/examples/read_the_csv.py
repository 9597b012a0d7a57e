import csv
import io

from macros.api import published_data

# data/recommendations.csv as the site publishes it (it starts with a byte-order mark, for spreadsheets);
# with a downloaded copy use csv.DictReader(open("recommendations.csv", newline="", encoding="utf-8-sig")).
text = published_data("recommendations.csv").removeprefix("\ufeff")
rows = list(csv.DictReader(io.StringIO(text, newline="")))
print(len(rows), "rows; columns:", ", ".join(rows[0]))
for row in rows:
    if row["context"] and not row["gr"]:  # nested under something, and no GR printed
        print(row["id"], "on slide", row["slide"], "-", row["topic_title"])
        print("  nested under:", row["context"].split(" › "))  # the context separator
        print("  text:", row["text"])
        print("  source lines:", [int(number) for number in row["lines"].split()])  # space-separated
        grades = {scale: row[scale] or "not printed" for scale in ("loe", "gr", "ago")}  # empty: not printed
        print("  grades:", grades, "scope:", row["grade_scope"])
        print("  page:", row["url"], "(relative to the release root, i.e. ../" + row["url"], "from data/)")
        break
