"""Work orders (工单): intake from every channel, lifecycle, SLA clocks, sign-off."""
