"""What the apps' demo content shares: pictures drawn on the spot (`images.demo_image`).

The content itself lives beside each app (news/demo/, courses/demo/, courses/<plug-in>/demo.py),
and `load_demo_data` calls it through the `home.hooks.LOAD_DEMO_DATA` hook.
"""
