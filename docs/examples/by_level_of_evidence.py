from collections import Counter

from macros.api import open_release, recommendations

release = open_release()
levels = Counter(rec.loe or "not printed" for rec in recommendations(release))
for level, count in sorted(levels.items()):
    print(f"LoE {level}: {count}")
print("LoE 5:", ", ".join(rec.id for rec in recommendations(release) if rec.loe == "5"))
