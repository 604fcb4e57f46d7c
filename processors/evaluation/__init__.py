"""Quality figures on labelled data (`mediamon eval`), computed by the same code the worker runs."""
