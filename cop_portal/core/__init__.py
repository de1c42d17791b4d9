"""The base every app stands on: model mixins and choices, uploads and their validators,
text, cache, mail, forms' renderer, middleware, formats. It imports none of the apps
(members, communities, activities) nor the pages above them; `.ci/run`'s import contract
(`lint-imports`) holds it to that."""
