{{ userops.read_input("subscriptions") }}
