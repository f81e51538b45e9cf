"""Views of the work orders app: queues, intake, the work order page and its actions."""
