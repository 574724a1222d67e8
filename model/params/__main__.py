"""``python -m model.params`` prints docs/PARAMETERS.md."""

from model.params.markdown import parameters_markdown

print(parameters_markdown(), end="")
