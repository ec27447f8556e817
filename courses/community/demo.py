"""The Semarang course's learning community, as demo content: forum threads and two OPD teams' action plans.

Written straight to the models (no e-mails go out while the demo loads) and idempotent: threads
are found by title, plans by owner, so loading twice changes nothing. The demo participant
`peserta` is left out: they enrol themselves and then find the discussions under way.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.choices import AttendanceSource, AttendanceStatus, EnrolmentStatus
from courses.community.action_plans import snapshot
from courses.community.choices import ActionPlanCommentKind, ActionPlanStatus
from courses.community.models import (
    ActionPlan,
    ActionPlanComment,
    ActionPlanVersion,
    ForumPost,
    ForumSubscription,
    ForumThread,
)
from courses.demo import demo_user, verify_email
from courses.models import Attendance, Enrolment, ParticipantProfile

# Second members of the two OPD teams (the course's other demo participants are in courses/demo/).
TEAM_MEMBERS = [
    # username, full name, organisation, position, gender, sessions attended (indexes)
    (
        "asn.bappeda2",
        "Lestari Widodo, S.E.",
        "Bappeda Kota Semarang",
        "Perencana Ahli Pertama",
        "female",
        [0, 1, 2, 3, 4, 6],
    ),
    ("asn.dinsos2", "Bambang Prasetyo", "Dinas Sosial Kota Semarang", "Analis Kebijakan", "male", [0, 2, 3, 4, 5, 6]),
]

THREADS = [
    # title, pinned, [(author, body), ...]: the first post opens the thread, and its author follows it
    (
        "Selamat datang di forum pelatihan",
        True,
        [
            (
                "fasilitator",
                "Selamat datang, Bapak/Ibu peserta!\n\n"
                "Forum ini tempat kita bertanya, berbagi pengalaman dan saling memberi masukan untuk rencana aksi.\n\n"
                "- Satu topik untuk satu pertanyaan atau satu cerita.\n"
                "- Hormati pendapat peserta lain; kritik gagasannya, bukan orangnya.\n"
                "- Jangan membagikan data pribadi warga atau korban.\n\n"
                "Fasilitator membaca forum setiap hari kerja.",
            )
        ],
    ),
    (
        "Bagaimana menyusun peta jalan Semarang Kota HAM?",
        False,
        [
            (
                "asn.dp3a",
                "Setelah sesi 31 Agustus, kami di DP3A ingin ikut menyusun peta jalan Semarang Kota HAM. "
                "Dari mana sebaiknya mulai: dari pemetaan masalah, atau dari program yang sudah berjalan "
                "seperti Kota Layak Anak?",
            ),
            (
                "asn.bappeda",
                "Di Bappeda kami mulai dari keduanya sekaligus:\n\n"
                "1. petakan masalah HAM yang paling dirasakan warga (data pengaduan, musrenbang);\n"
                "2. petakan modalitas yang sudah ada (Kota Layak Anak, kota inklusif, layanan terpadu);\n"
                "3. susun peta jalan yang memayungi keduanya, dengan indikator per tahun.\n\n"
                "Peta jalan sebaiknya masuk ke RPJMD supaya punya anggaran.",
            ),
            (
                "fasilitator",
                "Tepat sekali. Seperti disampaikan **Beka Ulung Hapsara** dan **Sugeng Bahagijo** pada sesi kelima, "
                "kota HAM bukan program baru, melainkan cara kerja: kebijakan yang sudah ada dibaca dengan "
                "kacamata HAM lalu diperkuat.\n\n"
                "> Peta jalan memetakan masalah dan potensi, lalu memayungi inisiatif yang ada.\n\n"
                "Modul 3 membahas langkah-langkahnya. Silakan tuangkan hasil pemetaan ke rencana aksi OPD masing-masing.",
            ),
            (
                "aktivis.lbh",
                "Tambahan dari masyarakat sipil: libatkan kelompok rentan sejak pemetaan, jangan hanya saat "
                "konsultasi akhir. LBH bisa membantu dengan data pengaduan yang sudah dianonimkan.",
            ),
        ],
    ),
    (
        "Berbagi praktik baik: Wonosobo, Lampung Timur dan Palu",
        False,
        [
            (
                "aktivis.perempuan",
                "Dari sesi 26 Agustus saya mencatat beberapa praktik baik kabupaten/kota HAM yang bisa kita pelajari:\n\n"
                "- Wonosobo: komitmen kabupaten ramah HAM dituangkan dalam peraturan daerah dan melibatkan "
                "forum warga.\n"
                "- Lampung Timur: deklarasi kabupaten HAM diikuti pembenahan layanan publik.\n"
                "- Palu: pemerintah kota mengakui dan memulihkan korban pelanggaran HAM masa lalu.\n\n"
                "Siapa yang punya pengalaman lain? Mana yang paling cocok untuk Semarang?",
            ),
            (
                "asn.dinsos",
                "Contoh Palu menarik untuk Dinas Sosial: pemulihan korban dijalankan lewat program bantuan sosial "
                "dan layanan kesehatan yang sudah ada. Kami ingin mencoba pendekatan serupa untuk penyandang "
                "disabilitas.",
            ),
            (
                "fasilitator",
                "Terima kasih, Ibu Nur Aini dan Ibu Sri. Catatan penting dari ketiga daerah itu: komitmen kepala "
                "daerah, peraturan yang mengikat, dan ruang partisipasi warga. Ketiganya bisa menjadi indikator "
                "dalam rencana aksi.",
            ),
            (
                "aktivis.disabilitas",
                "Setuju dengan Dinas Sosial. Komunitas difabel siap ikut menguji layanan yang dirancang, "
                "supaya tidak hanya inklusif di atas kertas.",
            ),
        ],
    ),
]

BAPPEDA_PLAN = {
    "title": "Peta Jalan Semarang Kota HAM 2022–2026",
    "problem": (
        "Program kota layak anak, kota inklusif dan layanan terpadu berjalan sendiri-sendiri; belum ada kerangka "
        "yang menyatukannya sebagai pemenuhan HAM, dan belum ada indikator bersama."
    ),
    "capital": (
        "Predikat Kota Layak Anak; forum CSR; jaringan LBH dan organisasi masyarakat sipil; komitmen Wali Kota "
        "pada pelatihan ini."
    ),
    "objectives": (
        "Peta jalan Semarang Kota HAM disahkan dengan Peraturan Wali Kota dan menjadi acuan RPJMD serta rencana "
        "kerja OPD."
    ),
    "responsible_unit": "Bappeda Kota Semarang",
    "partners": "Komnas HAM, INFID, Kantor Staf Presiden, Bagian Hukum Setda, LBH, Forum Perempuan Semarang",
    "indicators": "Perwal terbit; 10 OPD memiliki rencana aksi HAM; laporan tahunan kota HAM dipublikasikan.",
    "resources": "Tim penyusun lintas OPD; APBD 2022 untuk lokakarya dan konsultasi publik; pendampingan Komnas HAM.",
    "activities": [
        {"activity": "Pemetaan masalah dan modalitas HAM bersama OPD", "start": "2021-10-04", "end": "2021-11-30"},
        {"activity": "Lokakarya penyusunan draf peta jalan", "start": "2021-12-06", "end": "2022-01-28"},
        {"activity": "Konsultasi publik dengan masyarakat sipil", "start": "2022-02-07", "end": "2022-02-25"},
        {"activity": "Pengesahan Peraturan Wali Kota", "start": "2022-03-01", "end": "2022-04-29"},
    ],
}
BAPPEDA_FIRST_DRAFT = {
    "indicators": "Perwal terbit.",
    "activities": BAPPEDA_PLAN["activities"][:2] + BAPPEDA_PLAN["activities"][3:],
}

DINSOS_PLAN = {
    "title": "Layanan Sosial Inklusif bagi Penyandang Disabilitas",
    "problem": "Banyak penyandang disabilitas belum terdata sehingga tidak menerima bantuan dan layanan rehabilitasi.",
    "capital": "Data terpadu kesejahteraan sosial; komunitas difabel yang aktif; puskesmas di setiap kecamatan.",
    "objectives": "Semua penyandang disabilitas di Kota Semarang terdata dan terhubung dengan layanan yang mereka butuhkan.",
    "responsible_unit": "Dinas Sosial Kota Semarang",
    "partners": "Dinas Kesehatan, Komunitas Difabel Semarang, kelurahan",
    "indicators": "Jumlah penyandang disabilitas yang terdata naik.",
    "resources": "Petugas pendata kelurahan.",
    "activities": [
        {"activity": "Pendataan penyandang disabilitas per kelurahan", "start": "2021-11-01", "end": "2022-03-31"},
        {"activity": "Rujukan ke layanan rehabilitasi dan kesehatan", "start": "2022-04-01", "end": "2022-12-30"},
    ],
}

MENTOR_COMMENTS = {
    "bappeda_revision": (
        "Rencana yang kuat. Dua hal sebelum disetujui: tambahkan konsultasi publik dengan masyarakat sipil "
        "sebelum pengesahan, dan rumuskan indikator yang bisa diukur setiap tahun."
    ),
    "bappeda_approval": "Disetujui. Konsultasi publik dan indikatornya sudah jelas. Selamat bekerja!",
    "dinsos_comment": (
        "Fokus pada pendataan sudah tepat. Libatkan Komunitas Difabel Semarang sebagai pendata, bukan hanya "
        "sebagai sasaran."
    ),
    "dinsos_revision": (
        "Mohon direvisi: (1) indikator perlu target angka dan tenggat, misalnya persentase kelurahan yang selesai "
        "didata; (2) sebutkan sumber anggaran; (3) tambahkan kegiatan sosialisasi hak penyandang disabilitas."
    ),
}


def load(stdout, course):
    users = _team_members(course)
    _threads(stdout, course, users)
    _plans(stdout, course, users)


def _team_members(course):
    sessions = course.session_list
    for username, name, organisation, position, gender, attended in TEAM_MEMBERS:
        user = demo_user(username)
        verify_email(user)
        ParticipantProfile.objects.get_or_create(
            user=user,
            defaults={
                "full_name": name,
                "participant_type": "asn",
                "organisation": organisation,
                "position": position,
                "gender": gender,
                "regency_city": "Kota Semarang",
                "privacy_consent_at": timezone.now(),
            },
        )
        enrolment, created = Enrolment.objects.get_or_create(
            user=user,
            course_key=course.course_key,
            defaults={"status": EnrolmentStatus.APPROVED, "decided_at": timezone.now()},
        )
        if created:
            for index, session in enumerate(sessions):
                Attendance.objects.create(
                    enrolment=enrolment,
                    session_key=session.translation_key,
                    status=AttendanceStatus.PRESENT if index in attended else AttendanceStatus.ABSENT,
                    minutes=165 if index in attended else 5,
                    source=AttendanceSource.IMPORT,
                )
    usernames = {"fasilitator", *(row[0] for row in TEAM_MEMBERS), "asn.bappeda", "asn.dinsos"}
    usernames |= {username for _title, _pinned, posts in THREADS for username, _body in posts}
    # Staff have no participant profile; give the demo facilitator a name to sign their posts with.
    get_user_model().objects.filter(username="fasilitator", first_name="").update(
        first_name="Fasilitator", last_name="Komnas HAM"
    )
    return {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}


def _threads(stdout, course, users):
    start = timezone.now() - datetime.timedelta(days=3)
    for number, (title, pinned, posts) in enumerate(THREADS):
        author = posts[0][0]
        if ForumThread.objects.filter(course_key=course.course_key, title=title).exists():
            continue
        opened = start + datetime.timedelta(hours=5 * number)
        thread = ForumThread.objects.create(
            course_key=course.course_key,
            title=title,
            author=users[author],
            last_post_at=opened,
            reply_count=len(posts) - 1,
            is_pinned=pinned,
        )
        for position, (username, body) in enumerate(posts):
            post = ForumPost.objects.create(thread=thread, author=users[username], body=body)
            # auto_now_add stamps "now"; spread the conversation out over the afternoon instead.
            ForumPost.objects.filter(pk=post.pk).update(created_at=opened + datetime.timedelta(minutes=47 * position))
        thread.last_post_at = opened + datetime.timedelta(minutes=47 * (len(posts) - 1))
        thread.save(update_fields=["last_post_at"])
        ForumSubscription.objects.get_or_create(thread=thread, user=users[author])
        stdout.write(f"created forum thread {title}")


def _version(plan, number, author):
    return ActionPlanVersion.objects.create(plan=plan, number=number, snapshot=snapshot(plan), submitted_by=author)


def _comment(version, author, kind, body, by_staff=True):
    return ActionPlanComment.objects.create(version=version, author=author, kind=kind, body=body, by_staff=by_staff)


def _plans(stdout, course, users):
    mentor = users["fasilitator"]
    if not ActionPlan.objects.filter(course_key=course.course_key, owner=users["asn.bappeda"]).exists():
        plan = ActionPlan.objects.create(
            course_key=course.course_key, owner=users["asn.bappeda"], **{**BAPPEDA_PLAN, **BAPPEDA_FIRST_DRAFT}
        )
        plan.team.add(users["asn.bappeda2"])
        first = _version(plan, 1, users["asn.bappeda"])
        _comment(first, mentor, ActionPlanCommentKind.REVISION, MENTOR_COMMENTS["bappeda_revision"])
        for name, value in BAPPEDA_PLAN.items():
            setattr(plan, name, value)
        plan.save()
        second = _version(plan, 2, users["asn.bappeda2"])
        _comment(second, mentor, ActionPlanCommentKind.APPROVAL, MENTOR_COMMENTS["bappeda_approval"])
        now = timezone.now()
        ActionPlan.objects.filter(pk=plan.pk).update(
            status=ActionPlanStatus.APPROVED, mentor=mentor, submitted_at=second.submitted_at, decided_at=now
        )
        stdout.write(f"created approved action plan {plan.title}")

    if not ActionPlan.objects.filter(course_key=course.course_key, owner=users["asn.dinsos"]).exists():
        plan = ActionPlan.objects.create(course_key=course.course_key, owner=users["asn.dinsos"], **DINSOS_PLAN)
        plan.team.add(users["asn.dinsos2"])
        first = _version(plan, 1, users["asn.dinsos"])
        _comment(first, mentor, ActionPlanCommentKind.COMMENT, MENTOR_COMMENTS["dinsos_comment"])
        _comment(first, mentor, ActionPlanCommentKind.REVISION, MENTOR_COMMENTS["dinsos_revision"])
        ActionPlan.objects.filter(pk=plan.pk).update(
            status=ActionPlanStatus.REVISION_REQUESTED,
            mentor=mentor,
            submitted_at=first.submitted_at,
            decided_at=timezone.now(),
        )
        stdout.write(f"created action plan waiting for revision {plan.title}")
