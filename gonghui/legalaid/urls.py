from django.urls import path

from gonghui.legalaid import dispute_views, views, worker_views

app_name = "legalaid"
urlpatterns = [
    path("", views.post_list, name="posts"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/lawyers/", views.lawyer_add, name="lawyer_add"),
    path("posts/<int:post_id>/slots/", views.slot_add, name="slot_add"),
    path("posts/<int:post_id>/bookings/", views.bookings, name="bookings"),
    path("lawyers/<int:lawyer_id>/remove/", views.lawyer_remove, name="lawyer_remove"),
    path("slots/<int:slot_id>/remove/", views.slot_remove, name="slot_remove"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking"),
    path("bookings/<int:booking_id>/attendance/", views.booking_mark, name="booking_mark"),
    path("bookings/<int:booking_id>/consultation/", views.consultation_record, name="consultation"),
    path(
        "bookings/<int:booking_id>/dispute/",
        dispute_views.dispute_from_consultation,
        name="dispute_from_consultation",
    ),
    path("disputes/", dispute_views.dispute_list, name="disputes"),
    path("disputes/new/", dispute_views.dispute_create, name="dispute_create"),
    path("disputes/time-limits/", dispute_views.clock_warnings, name="warnings"),
    path("disputes/<int:dispute_id>/", dispute_views.dispute_detail, name="dispute"),
    path("disputes/<int:dispute_id>/handoff/", dispute_views.dispute_handoff, name="handoff"),
    path("disputes/<int:dispute_id>/outcome/", dispute_views.dispute_outcome, name="outcome"),
    path("disputes/<int:dispute_id>/close/", dispute_views.dispute_close, name="close"),
    path("disputes/<int:dispute_id>/interrupt/", dispute_views.dispute_interrupt, name="interrupt"),
    # The worker's pages (portal).
    path("my/", worker_views.my, name="my"),
    path("my/book/", worker_views.book, name="book"),
    path("my/bookings/<int:booking_id>/cancel/", worker_views.cancel, name="cancel"),
    path("my/disputes/<int:dispute_id>/", worker_views.my_dispute, name="my_dispute"),
]
