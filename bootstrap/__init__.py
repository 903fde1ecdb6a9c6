"""The bootstrap project: what each AWS account needs before the main program can deploy into it."""
