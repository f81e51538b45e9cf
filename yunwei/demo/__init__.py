"""The demo engagement: synthetic contracts, parties, people in every role and equipment."""
