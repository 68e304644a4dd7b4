"""The reading stage: a course folder (course.yaml, article.txt, items.yaml) into the model."""
