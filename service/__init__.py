"""Starting and stopping the assistant's processes, shared by `make run` and the end-to-end tests."""
