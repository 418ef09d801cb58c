{{ userops.read_input("messages") }}
