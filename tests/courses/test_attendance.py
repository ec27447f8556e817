import pytest

from courses.attendance import AttendanceError, import_csv, parse_minutes
from courses.enrolment import enrol
from courses.models import Attendance
from tests.factories import make_course, make_participant, still_enrolling


@pytest.fixture
def course(site_tree):
    return make_course(
        site_tree.courses["id"], sessions=[{}], attendance_minutes_present=120, end_date=still_enrolling()
    )


@pytest.mark.parametrize(
    ("text", "minutes"), [("95", 95), ("95.7", 95), ("1:30:00", 90), ("45:30", 45), (" 120 ", 120)]
)
def test_minutes_formats(text, minutes):
    assert parse_minutes(text) == minutes


def test_import_turns_minutes_into_present_or_absent(course):
    long, short = make_participant("lama"), make_participant("singkat")
    enrol(long, course)
    enrol(short, course)
    data = (
        "Name,Email,Duration (Minutes)\n"
        f"Lama,{long.email.upper()},100\n"
        f"Lama,{long.email},30\n"  # rejoined: minutes add up
        f"Singkat,{short.email},45\n"
        "Tamu,tamu@example.org,150\n"
    ).encode()
    report = import_csv(course, course.session_list[0], data)
    assert (report.recorded, report.present, report.absent) == (2, 1, 1)
    assert report.unknown_emails == ["tamu@example.org"]
    assert Attendance.objects.get(enrolment__user=long).minutes == 130


def test_a_bad_line_writes_nothing(course):
    user = make_participant()
    enrol(user, course)
    report = import_csv(course, course.session_list[0], f"email;minutes\n{user.email};90\nbukan-email;abc\n".encode())
    assert report.errors and report.errors[0][0] == 3
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00garbage", b"nama,durasi\nx,1\n", b"x" * (3 * 1024 * 1024)])
def test_unreadable_files_are_refused_with_a_reason(course, data):
    with pytest.raises(AttendanceError):
        import_csv(course, course.session_list[0], data)
