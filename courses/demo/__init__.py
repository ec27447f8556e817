"""The Semarang human-rights-city training of 2021, as demo content, plus a live demo class.

Facts (dates, partners, the fifth day's speakers and moderator) follow the seed article. The
plug-ins' demo content (`courses/community/demo.py`, `courses/quiz/demo.py`,
`courses/certificates/demo.py`) builds on this course: `semarang_course()`.
"""

import datetime

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Locale
from wagtail.rich_text import RichText

from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.models import (
    Attendance,
    CourseFacilitator,
    CourseOrganiser,
    CoursePage,
    CourseSession,
    Enrolment,
    LessonPage,
    ParticipantProfile,
)
from home.demo.accounts import speaks_indonesian
from home.demo.images import demo_image
from home.localize import translate_with_strings
from home.models import Organisation, Person
from home.site_tree import publish

ORGANISATIONS = [
    ("Komisi Nasional Hak Asasi Manusia", "Komnas HAM", "National Human Rights Commission", "organiser", (122, 31, 31)),
    (
        "International NGO Forum on Indonesian Development",
        "INFID",
        "International NGO Forum on Indonesian Development",
        "partner",
        (10, 79, 138),
    ),
    ("Kantor Staf Presiden", "KSP", "Executive Office of the President", "partner", (34, 102, 68)),
    ("Pemerintah Kota Semarang", "Pemkot Semarang", "Semarang City Government", "partner", (160, 82, 20)),
]

SPEAKERS = {
    "beka": ("Beka Ulung Hapsara", "Komisioner Pendidikan dan Penyuluhan Komnas HAM"),
    "sugeng": ("Sugeng Bahagijo", "Direktur Eksekutif INFID"),
    "zainal": ("Zainal Abidin", "Moderator"),
    "penyuluh": ("Tim Penyuluh HAM Komnas HAM", "Penyuluh HAM"),
}

SESSIONS = [
    # date, id title, en title, speakers, moderator
    (
        "2021-08-16",
        "Pembukaan dan Konsep Dasar Hak Asasi Manusia",
        "Opening and Basic Concepts of Human Rights",
        ["penyuluh"],
        None,
    ),
    (
        "2021-08-19",
        "Negara sebagai Pemangku Kewajiban HAM",
        "The State as Human Rights Duty Bearer",
        ["penyuluh"],
        None,
    ),
    ("2021-08-24", "Kerangka Kabupaten/Kota HAM", "The Human Rights Regency/City Framework", ["penyuluh"], None),
    (
        "2021-08-26",
        "Praktik Baik Kabupaten/Kota HAM di Indonesia",
        "Good Practices of Human Rights Regencies and Cities in Indonesia",
        ["penyuluh"],
        None,
    ),
    (
        "2021-08-31",
        "Peta Jalan Semarang Kota HAM",
        "A Road Map for Semarang as a Human Rights City",
        ["beka", "sugeng"],
        "zainal",
    ),
    (
        "2021-09-02",
        "Partisipasi Masyarakat Sipil dalam Kota HAM",
        "Civil Society Participation in a Human Rights City",
        ["penyuluh"],
        None,
    ),
    ("2021-09-07", "Penyusunan Rencana Aksi dan Penutupan", "Drafting Action Plans, and Closing", ["penyuluh"], None),
]

LESSONS = [
    (
        "Modul 1: Apa itu Kabupaten/Kota HAM?",
        "Module 1: What is a Human Rights Regency/City?",
        "Kabupaten/kota HAM adalah daerah yang pemerintah dan warganya bersama-sama menjadikan hak asasi manusia sebagai dasar kebijakan dan pelayanan publik.",
        "A human rights regency or city is one whose government and residents together make human rights the basis of policy and public services.",
    ),
    (
        "Modul 2: Pemerintah Daerah sebagai Pemangku Kewajiban",
        "Module 2: Regional Government as Duty Bearer",
        "Pemerintah daerah wajib menghormati, melindungi dan memenuhi hak asasi manusia warganya melalui peraturan, anggaran dan layanan.",
        "Regional governments must respect, protect and fulfil the human rights of their residents through regulation, budgets and services.",
    ),
    (
        "Modul 3: Menyusun Peta Jalan dan Rencana Aksi",
        "Module 3: Drafting a Road Map and Action Plan",
        "Peta jalan memetakan masalah dan potensi, lalu memayungi inisiatif yang ada, seperti kota layak anak, dalam satu kerangka kota HAM.",
        "A road map charts problems and potential, then brings existing initiatives, such as the child-friendly city, under one human-rights-city framework.",
    ),
]

PARTICIPANTS = [
    # username, full name, type, organisation, position, gender, sessions attended (indexes)
    (
        "peserta",
        "Dewi Anggraini, S.H.",
        "asn",
        "Bagian Hukum Setda Kota Semarang",
        "Analis Hukum",
        "female",
        [0, 1, 2, 3, 4],
    ),
    (
        "asn.bappeda",
        "Rudi Hartono, S.T., M.T.",
        "asn",
        "Bappeda Kota Semarang",
        "Perencana Ahli Muda",
        "male",
        [0, 1, 2, 3, 4, 5, 6],
    ),
    (
        "asn.dinsos",
        "Sri Wahyuni, S.Sos.",
        "asn",
        "Dinas Sosial Kota Semarang",
        "Pekerja Sosial",
        "female",
        [0, 1, 3, 4, 5, 6],
    ),
    ("asn.dp3a", "Agus Setiawan", "asn", "DP3A Kota Semarang", "Kepala Seksi", "male", [0, 2, 4]),
    ("asn.dinkes", "Ratna Kusumawati", "asn", "Dinas Kesehatan Kota Semarang", "", "", [0, 1, 2, 3, 4, 5]),
    (
        "aktivis.lbh",
        "Yohanes Kristanto",
        "activist",
        "Lembaga Bantuan Hukum (demo)",
        "Pengacara Publik",
        "male",
        [0, 1, 2, 3, 4, 5, 6],
    ),
    (
        "aktivis.perempuan",
        "Nur Aini",
        "activist",
        "Forum Perempuan Semarang (demo)",
        "Koordinator",
        "female",
        [1, 2, 4, 6],
    ),
    (
        "aktivis.disabilitas",
        "Fajar Nugroho",
        "activist",
        "Komunitas Difabel Semarang (demo)",
        "Pendamping",
        "male",
        [0, 4],
    ),
]

DEMO_PASSWORDS = {"peserta": "latuharhary-peserta", "fasilitator": "latuharhary-fasilitator"}

SEMARANG_SLUG = "pelatihan-kabupaten-kota-ham-semarang-2021"


def semarang_course():
    """The Semarang training in Indonesian, the course the plug-ins' demo content belongs to."""
    return CoursePage.objects.get(slug=SEMARANG_SLUG, locale__language_code="id")


def _organisation(name, short, english, colour, id_locale, en_locale):
    organisation = Organisation.objects.filter(short_name=short, locale=id_locale).first()
    if organisation is None:
        logo = demo_image(f"Logo {short}", colour, short, credit="Logo demo")
        organisation = Organisation.objects.create(name=name, short_name=short, logo=logo, locale=id_locale)
    if organisation.get_translation_or_none(en_locale) is None:
        translate_with_strings(organisation, en_locale, {name: english})
    return organisation


def demo_user(username, password=None, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@latuharhary.test", **extra}
    )
    if created:
        user.set_password(password or f"demo-{username}-2021")
        user.save()
    return user


def verify_email(user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def load(stdout, course_index):
    id_locale, en_locale = Locale.objects.get(language_code="id"), Locale.objects.get(language_code="en")
    course = CoursePage.objects.filter(slug=SEMARANG_SLUG, locale=id_locale).first()
    facilitator = demo_user(
        "fasilitator", DEMO_PASSWORDS["fasilitator"], is_staff=True, first_name="Ayu", last_name="Lestari"
    )
    speaks_indonesian(facilitator)
    facilitator_group = Group.objects.filter(name="Fasilitator").first()
    if facilitator_group:
        facilitator.groups.add(facilitator_group)
    verify_email(facilitator)
    if course is None:
        course = _semarang_course(course_index["id"], facilitator, id_locale, en_locale)
        stdout.write(f"created course {course.title}")
    _participants(course)
    live = CoursePage.objects.filter(slug="kelas-daring-dasar-ham", locale=id_locale).first()
    if live is None:
        live = _live_class(course_index["id"], facilitator)
        stdout.write(f"created course {live.title}")
    return course


def _semarang_course(index, facilitator, id_locale, en_locale):
    organisations = [_organisation(n, s, e, c, id_locale, en_locale) for n, s, e, _r, c in ORGANISATIONS]
    people = {
        key: Person.objects.get_or_create(name=name, defaults={"role": role})[0]
        for key, (name, role) in SPEAKERS.items()
    }
    course = CoursePage(
        title="Pelatihan Kabupaten/Kota HAM Kota Semarang",
        slug=SEMARANG_SLUG,
        summary=(
            "Pelatihan daring bagi Organisasi Perangkat Daerah (OPD) dan aktivis masyarakat sipil Kota Semarang "
            "untuk mendalami konsep kabupaten/kota HAM dan menyusun rencana aksi Semarang sebagai Kota HAM."
        ),
        objectives=(
            "<ul><li>Memahami konsep dan kerangka kabupaten/kota HAM.</li>"
            "<li>Memahami kewajiban pemerintah daerah sebagai pemangku kewajiban HAM.</li>"
            "<li>Menyusun rencana kerja/rencana aksi pelaksanaan dan pelembagaan Kota HAM.</li></ul>"
        ),
        audience="Aparatur Sipil Negara (ASN) dari OPD Kota Semarang dan aktivis masyarakat sipil.",
        start_date=datetime.date(2021, 8, 16),
        end_date=datetime.date(2021, 9, 7),
        capacity=40,
        min_attendance_percent=75,
        require_all_lessons=True,
        learning_hours=30,
    )
    for organisation, (_n, _s, _e, role, _c) in zip(organisations, ORGANISATIONS, strict=True):
        course.organisers.add(CourseOrganiser(organisation=organisation, role=role))
    for date, title, _english, speakers, moderator in SESSIONS:
        session = CourseSession(
            title=title,
            date=datetime.date.fromisoformat(date),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(12, 0),
            meeting_url="https://meet.example.org/pelatihan-kota-ham-semarang",
            recording_url=f"https://video.example.org/kota-ham-semarang/{date}",
            moderator=people.get(moderator),
        )
        session.speakers = [people[key] for key in speakers]
        course.sessions.add(session)
    course.facilitators.add(CourseFacilitator(user=facilitator))
    index.add_child(instance=course)
    publish(course)
    for title, _english, text, _english_text in LESSONS:
        lesson = LessonPage(title=title, summary=text, duration_minutes=20, body=[("text", RichText(f"<p>{text}</p>"))])
        course.add_child(instance=lesson)
        publish(lesson)

    strings = {
        course.title: "Human Rights Regency/City Training for Semarang",
        course.summary: (
            "Online training for Semarang's regional government units (OPD) and civil-society activists on the "
            "human-rights regency/city concept, and on drafting action plans for Semarang as a Human Rights City."
        ),
        course.audience: "Civil servants (ASN) of Semarang's OPD and civil-society activists.",
        "Memahami konsep dan kerangka kabupaten/kota HAM.": "Understand the concept and framework of a human rights regency/city.",
        "Memahami kewajiban pemerintah daerah sebagai pemangku kewajiban HAM.": "Understand regional governments' obligations as human-rights duty bearers.",
        "Menyusun rencana kerja/rencana aksi pelaksanaan dan pelembagaan Kota HAM.": "Draft work plans or action plans to implement and institutionalise the Human Rights City.",
        course.slug: "human-rights-city-training-semarang-2021",
    }
    strings.update({title: english for _d, title, english, _s, _m in SESSIONS})
    translate_with_strings(course, en_locale, strings)
    for lesson, (title, english, text, english_text) in zip(
        LessonPage.objects.child_of(course).order_by("path"), LESSONS, strict=True
    ):
        translate_with_strings(lesson, en_locale, {title: english, text: english_text})
    return course


def _participants(course):
    sessions = course.session_list
    for username, name, kind, organisation, position, gender, attended in PARTICIPANTS:
        user = demo_user(username, DEMO_PASSWORDS.get(username))
        verify_email(user)
        ParticipantProfile.objects.get_or_create(
            user=user,
            defaults={
                "full_name": name,
                "participant_type": kind,
                "organisation": organisation,
                "position": position,
                "gender": gender,
                "regency_city": "Kota Semarang",
                "privacy_consent_at": timezone.now(),
            },
        )
        if username == "peserta":
            continue  # the demo participant enrols themselves, to try the site as a new participant would
        enrolment, created = Enrolment.objects.get_or_create(
            user=user,
            course_key=course.course_key,
            defaults={"status": EnrolmentStatus.APPROVED, "decided_at": timezone.now()},
        )
        if not created:
            continue
        for index, session in enumerate(sessions):
            Attendance.objects.get_or_create(
                enrolment=enrolment,
                session_key=session.translation_key,
                defaults={
                    "status": AttendanceStatus.PRESENT if index in attended else AttendanceStatus.ABSENT,
                    "minutes": 170 if index in attended else 10,
                    "source": AttendanceSource.IMPORT,
                },
            )


def _live_class(index, facilitator):
    """A class whose first session is today (loaded), so check-in can be tried in the demo."""
    today = timezone.localdate()
    course = CoursePage(
        title="Kelas Daring Dasar-Dasar HAM (demo)",
        slug="kelas-daring-dasar-ham",
        summary="Kelas daring mandiri tentang dasar-dasar HAM bagi ASN; sesi pertama berlangsung hari ini.",
        objectives="<p>Mengenal prinsip dasar HAM dan kewajiban negara.</p>",
        start_date=today,
        end_date=today + datetime.timedelta(days=14),
        learning_hours=6,
        min_attendance_percent=50,
    )
    for offset, title in enumerate(
        ["Sesi 1: Prinsip dasar HAM", "Sesi 2: HAM dalam pelayanan publik", "Sesi 3: Diskusi kasus"]
    ):
        course.sessions.add(
            CourseSession(
                title=title,
                date=today + datetime.timedelta(days=7 * offset),
                start_time=datetime.time(0, 0),
                end_time=datetime.time(23, 59),
                meeting_url="https://meet.example.org/kelas-dasar-ham",
                check_in_code="HAM123",
            )
        )
    course.facilitators.add(CourseFacilitator(user=facilitator))
    index.add_child(instance=course)
    return publish(course)
