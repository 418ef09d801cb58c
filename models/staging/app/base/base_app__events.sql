{{ userops.read_input("events") }}
