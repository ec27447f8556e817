from django.urls import path

from courses import views

urlpatterns = [
    path("my-courses/", views.dashboard, name="courses_dashboard"),
    path("my-courses/profile/", views.profile, name="courses_profile"),
    path("my-courses/data.json", views.export_data, name="courses_export_data"),
    path("my-courses/delete-account/", views.delete_account, name="courses_delete_account"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="courses_personal_calendar"),
]
