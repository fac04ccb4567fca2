"""What the kiosk says: every spoken prompt once, in Vietnamese and English.

Each prompt is a WAV file, ``assets/voice/<vi|en>/<key>.wav``, generated from this table by
``scripts/make_voice.sh`` (espeak-ng) and committed; a ward may record its own under the same
names (``voice.recordings``). A door label is said from parts (``door_parts``), one file per
letter and digit, so that any locker layout is spoken without new recordings.
"""

from __future__ import annotations

import sys

from kiosk.domain import HeightBand

# key: (Vietnamese, English)
PROMPTS: dict[str, tuple[str, str]] = {
    "home": (
        "Xin chào. Chạm vào Nhận kết quả, Nộp hồ sơ, hoặc Tra cứu hồ sơ.",
        "Welcome. Touch Collect a result, Drop off a dossier, or Look up a dossier.",
    ),
    "pickup_code": (
        "Nhập mã OTP đã được gửi qua tin nhắn SMS, hoặc đưa mã QR vào máy quét.",
        "Type the OTP code from your SMS, or hold its QR code to the scanner.",
    ),
    "phone_digits": (
        "Nhập ba số cuối của số điện thoại đã nhận tin nhắn.",
        "Type the last three digits of the phone that got the SMS.",
    ),
    "working": ("Vui lòng chờ trong giây lát.", "Please wait a moment."),
    "door": ("Ô tủ", "Door"),
    "opened": ("đã mở.", "is open."),
    "where_high": ("Ô tủ ở hàng trên cao.", "It is in the top row."),
    "where_middle": ("Ô tủ ở ngang tầm ngực.", "It is at chest height."),
    "where_low": ("Ô tủ ở hàng dưới thấp.", "It is in the bottom row."),
    "take_and_close": (
        "Vui lòng lấy hồ sơ và đóng cửa ô tủ.",
        "Please take your documents and close the door.",
    ),
    "put_and_close": (
        "Vui lòng đặt hồ sơ vào ô tủ và đóng cửa ô tủ.",
        "Please put your dossier in and close the door.",
    ),
    "close_reminder": (
        "Cửa ô tủ chưa được đóng. Vui lòng đóng cửa",
        "The door is still open. Please close",
    ),
    "take_receipt": (
        "Vui lòng nhận phiếu ở khe máy in. Xin cảm ơn.",
        "Please take your slip from the printer. Thank you.",
    ),
    "receipt_on_screen": (
        "Máy in không in được phiếu. Phiếu hiện trên màn hình.",
        "The printer could not print your slip. It is shown on the screen.",
    ),
    "rating": (
        "Ông Bà có hài lòng với dịch vụ hôm nay không?",
        "Are you satisfied with our service today?",
    ),
    "thanks": ("Xin cảm ơn. Hẹn gặp lại.", "Thank you. Goodbye."),
    "wrong_code": (
        "Mã không đúng. Vui lòng kiểm tra lại mã OTP trong tin nhắn.",
        "The code is not right. Please check the OTP code in your SMS.",
    ),
    "code_paused": (
        "Tạm khóa nhập mã. Vui lòng thử lại sau.",
        "Code entry is paused. Please try again later.",
    ),
    "see_counter": (
        "Không thể nhận kết quả tại tủ bằng mã này. Vui lòng liên hệ bộ phận một cửa.",
        "This code cannot open a door here. Please contact the one-stop counter.",
    ),
    "door_failed": (
        "Xin lỗi, ô tủ không mở được. Cán bộ đã được thông báo.",
        "Sorry, the door did not open. Staff have been told.",
    ),
    "problem": (
        "Xin lỗi, máy đang gặp sự cố. Vui lòng thử lại sau.",
        "Sorry, something went wrong. Please try again later.",
    ),
    "out_of_service": ("Xin lỗi, tủ tạm ngưng phục vụ.", "Sorry, the kiosk is out of service."),
    "dropoff_code": (
        "Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ.",
        "Scan the QR code on your appointment slip, or type the dossier code.",
    ),
    "dropoff_size": ("Chọn cỡ ô tủ cho hồ sơ.", "Choose the size of the door for your dossier."),
    "dropoff_refused": ("Tủ không nhận hồ sơ này.", "The kiosk cannot take this dossier."),
    "no_free_compartment": (
        "Hết ô tủ trống cỡ này. Vui lòng chọn một cỡ còn trống.",
        "No free door of this size. Please choose a size that is still free.",
    ),
    "no_free_any": (
        "Tủ đã hết ô trống. Vui lòng nộp hồ sơ tại bộ phận một cửa.",
        "The kiosk has no free door. Please hand in your dossier at the one-stop counter.",
    ),
    "dropoff_cancel": (
        "Vui lòng lấy lại hồ sơ và đóng cửa ô tủ.",
        "Please take your papers back and close the door.",
    ),
    "dropoff_cancel_papers": (
        "Hồ sơ vẫn còn trong ô tủ. Vui lòng lấy hồ sơ ra, rồi đóng cửa ô tủ.",
        "Your papers are still inside. Please take them out, then close the door.",
    ),
    "dropoff_cancelled": (
        "Đã hủy nộp hồ sơ. Hồ sơ của Ông Bà chưa được nộp.",
        "The drop-off is cancelled. Your dossier has not been handed in.",
    ),
    "lookup_code": (
        "Nhập mã hồ sơ, hoặc quét mã QR trên phiếu hẹn.",
        "Type the dossier code, or scan the QR code on your appointment slip.",
    ),
    "lookup_result": ("Kết quả tra cứu hiện trên màn hình.", "The answer is on the screen."),
    "lost_code": (
        "Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ.",
        "Scan the QR code on your appointment slip, or type the dossier code.",
    ),
    "lost_code_phone": (
        "Nhập ba số cuối của số điện thoại đã đăng ký khi nộp hồ sơ.",
        "Type the last three digits of the phone number you gave with your dossier.",
    ),
    "lost_code_sent": (
        "Nếu thông tin khớp, mã sẽ được gửi lại qua tin nhắn SMS.",
        "If the details match, the code will be sent again by SMS.",
    ),
    "check_door": ("Vui lòng kiểm tra cửa", "Please check"),
    "check_door_then": (
        "Nếu cửa đã mở, lấy hoặc đặt hồ sơ rồi đóng cửa lại. Nếu cửa chưa mở, mã vẫn còn hiệu lực.",
        "If it is open, take or put your papers and close it. If not, your code still works.",
    ),
    "not_opened": (
        "Ô tủ không mở được. Mã của Ông Bà vẫn còn hiệu lực.",
        "The door did not open. Your code still works.",
    ),
    "staff_check": (
        "Cán bộ sẽ kiểm tra ô tủ. Nếu cần, vui lòng gọi đường dây nóng.",
        "Staff will check the door. If you need help, call the hotline.",
    ),
    "papers_left": (
        "Hồ sơ vẫn còn trong ô tủ. Chạm vào Mở lại ô tủ để lấy hồ sơ.",
        "Your papers are still inside. Touch Open the door again to take them.",
    ),
    "report_sent": (
        "Đã báo sự cố cho cán bộ. Vui lòng đóng cửa ô tủ.",
        "Staff have been told about the problem. Please close the door.",
    ),
}

_VI_LETTER_NAMES = (
    "a",
    "bê",
    "xê",
    "dê",
    "e",
    "ép",
    "giê",
    "hát",
    "i",
    "gi",
    "ca",
    "e lờ",
    "em mờ",
    "en nờ",
    "o",
    "pê",
    "quy",
    "e rờ",
    "ét",
    "tê",
    "u",
    "vê",
    "vê kép",
    "ích",
    "i dài",
    "dét",
)
_VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# The parts a door label is said from: letter_a … letter_z, digit_0 … digit_9.
PARTS: dict[str, tuple[str, str]] = {
    **{f"letter_{chr(97 + i)}": (name, chr(65 + i)) for i, name in enumerate(_VI_LETTER_NAMES)},
    **{f"digit_{d}": (_VI_DIGITS[d], _EN_DIGITS[d]) for d in range(10)},
}

WHERE = {
    HeightBand.HIGH: "where_high",
    HeightBand.MIDDLE: "where_middle",
    HeightBand.LOW: "where_low",
}


def door_parts(label: str) -> list[str]:
    """``A03`` → letter_a, digit_0, digit_3 (said "A, không, ba"); other characters are
    skipped (a dash says nothing)."""
    keys = []
    for char in label.lower():
        if "a" <= char <= "z":
            keys.append(f"letter_{char}")
        elif char.isdigit():
            keys.append(f"digit_{char}")
    return keys


def everything() -> dict[str, tuple[str, str]]:
    return {**PROMPTS, **PARTS}


def main(argv: list[str]) -> int:
    """``python -m kiosk.ui.voice_prompts vi``: "key<TAB>text" for each prompt (the script's
    list, and what a ward records)."""
    index = {"vi": 0, "en": 1}.get(argv[0] if argv else "")
    if index is None:
        print("usage: python -m kiosk.ui.voice_prompts vi|en", file=sys.stderr)
        return 2
    for key, texts in everything().items():
        print(f"{key}\t{texts[index]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
