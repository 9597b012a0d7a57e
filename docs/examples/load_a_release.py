from macros.api import open_release, recommendations

release = open_release()  # or open_release("2024.1E")
print(release.id, release.metadata.status)
print(len(release.topics), "topics,", len(recommendations(release)), "graded recommendations")
first = recommendations(release)[0]
print(first.id, "|", first.text, "|", first.loe, first.gr, first.ago)
