from macros.api import open_release, recommendations

release = open_release()
for rec in recommendations(release):
    words = " ".join((rec.topic.title.text, *rec.context, rec.text)).lower()
    if rec.ago == "++" and ("denosumab" in words or "dmab" in words):
        print(f"{rec.id}: {' › '.join((*rec.context, rec.text))} (LoE {rec.loe}, GR {rec.gr})")
