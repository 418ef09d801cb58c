{{ userops.read_input("users") }}
