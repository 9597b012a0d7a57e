from macros.api import evaluate, open_release

release = open_release()
case = release.cases[0]  # a worked example; any facts the flow declares will do
print(case.id, "in flow", case.flow, "with", case.facts)
result = evaluate(release.flow(case.flow), case.facts)
print(" -> ".join(result.path))
for rec_id in result.recommendations:
    print(rec_id)
