"""The alerts stage: faust agents that match articles against subscriptions and deliver alerts.
The logic they run is faust-free and lives in `processors/subscriptions/`."""
