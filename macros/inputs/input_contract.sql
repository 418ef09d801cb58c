{#-
    The raw data contract of DESIGN.md section 1, in one place: for each input, its columns,
    and whether they are required. Base models read inputs through it, so a
    column is added to the contract here and nowhere else.
-#}
{% macro input_contract() -%}
    {{ return({
        "events": [
            {"name": "event_id", "required": false},
            {"name": "user_id", "required": true},
            {"name": "event_at", "required": true},
            {"name": "event_type", "required": true},
            {"name": "amount", "required": false},
            {"name": "channel", "required": false},
        ],
        "users": [
            {"name": "user_id", "required": true},
            {"name": "signed_up_at", "required": false},
            {"name": "plan", "required": false},
            {"name": "plan_monthly_fee", "required": false},
            {"name": "region", "required": false},
            {"name": "industry", "required": false},
            {"name": "acquisition_channel", "required": false},
            {"name": "acquisition_cost", "required": false},
        ],
        "subscriptions": [
            {"name": "user_id", "required": true},
            {"name": "started_at", "required": true},
            {"name": "ended_at", "required": false},
            {"name": "plan", "required": false},
            {"name": "monthly_fee", "required": false},
            {"name": "status", "required": false},
        ],
        "messages": [
            {"name": "message_id", "required": true},
            {"name": "user_id", "required": true},
            {"name": "channel", "required": true},
            {"name": "campaign_id", "required": false},
            {"name": "variant", "required": false},
            {"name": "sent_at", "required": true},
            {"name": "delivered_at", "required": false},
            {"name": "read_at", "required": false},
            {"name": "clicked_at", "required": false},
            {"name": "converted_at", "required": false},
            {"name": "unsubscribed_at", "required": false},
        ],
    }) }}
{%- endmacro %}
