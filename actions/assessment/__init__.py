"""The career-fit assessment: data, scoring and the form's actions."""
