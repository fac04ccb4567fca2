<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>CloseReminderScreen</name>
    <message>
        <source>Cửa ô tủ chưa được đóng</source>
        <translation>The door is still open</translation>
    </message>
    <message>
        <source>Vui lòng đóng cửa ô tủ {label}: đẩy cửa cho đến khi nghe tiếng “cạch”.</source>
        <translation>Please close door {label}: push it until you hear a click.</translation>
    </message>
    <message>
        <source>Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra.</source>
        <translation>Your papers are still inside: please take them out.</translation>
    </message>
    <message>
        <source>Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính.</source>
        <translation>Staff have been told. You may go back to the start.</translation>
    </message>
    <message>
        <source>Nếu cửa không đóng được, vui lòng gọi Đường dây nóng {hotline}.</source>
        <translation>If the door will not close, please call the hotline {hotline}.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>CodeEntryScreen</name>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Mã hồ sơ chưa đúng. Mã có dạng: {example}</source>
        <translation>This dossier code is not right. A code looks like: {example}</translation>
    </message>
    <message>
        <source>Mã hồ sơ in trên phiếu hẹn, ví dụ: {example}. Có mã QR trên phiếu? Đưa mã QR vào máy quét.</source>
        <translation>The dossier code is printed on your appointment slip, e.g. {example}. Is there a QR code on the slip? Hold it to the scanner.</translation>
    </message>
</context>
<context>
    <name>CodePausedScreen</name>
    <message>
        <source>Tạm khóa nhập mã</source>
        <translation>Code entry paused</translation>
    </message>
    <message>
        <source>Vui lòng thử lại sau {wait}.</source>
        <translation>Please try again in {wait}.</translation>
    </message>
    <message>
        <source>Ông/Bà có thể thử lại ngay bây giờ.</source>
        <translation>You can try again now.</translation>
    </message>
    <message>
        <source>Kiểm tra lại mã OTP trong tin nhắn SMS trước khi thử lại.</source>
        <translation>Check the OTP code in your SMS before trying again.</translation>
    </message>
    <message>
        <source>Mã QR này tạm khóa; Ông/Bà có thể nhập mã OTP trên bàn phím.</source>
        <translation>This QR code is on hold; you can type the OTP on the keypad.</translation>
    </message>
    <message>
        <source>Có mã QR trong tin nhắn? Mã QR không phải chờ.</source>
        <translation>Have the QR code from the SMS? A QR code does not have to wait.</translation>
    </message>
    <message>
        <source>Nhập lại mã</source>
        <translation>Enter the code again</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>DigitsEntryScreen</name>
    <message>
        <source>Xác nhận</source>
        <extracomment>Under the hint, side by side: show/hide the digits, and what a subclass adds.</extracomment>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Hiện mã</source>
        <translation>Show code</translation>
    </message>
    <message>
        <source>Ẩn mã</source>
        <translation>Hide code</translation>
    </message>
</context>
<context>
    <name>DoorFailedScreen</name>
    <message>
        <source>Hồ sơ của Ông/Bà chưa được nộp. Cán bộ đã được thông báo.</source>
        <translation>Your dossier has not been dropped off. Staff have been told.</translation>
    </message>
    <message>
        <source>Kết quả của Ông/Bà vẫn an toàn trong tủ và mã OTP vẫn còn hiệu lực. Cán bộ đã được thông báo.</source>
        <translation>Your result is still safe in the locker and your OTP code still works. Staff have been told.</translation>
    </message>
    <message>
        <source>Nhận phiếu ghi nhận sự cố ở khe máy in.</source>
        <translation>Take the incident slip from the printer slot.</translation>
    </message>
    <message>
        <source>Chụp ảnh phiếu ghi nhận sự cố bên phải bằng điện thoại.</source>
        <translation>Take a photo of the incident slip on the right with your phone.</translation>
    </message>
    <message>
        <source>Xin lỗi, ô tủ không mở được</source>
        <translation>Sorry, the door did not open</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>DoorOpenScreen</name>
    <message>
        <source>Ô tủ đã mở</source>
        <translation>The door is open</translation>
    </message>
    <message>
        <source>Vui lòng lấy hồ sơ và đóng cửa ô tủ.</source>
        <translation>Please take your documents and close the door.</translation>
    </message>
    <message>
        <source>Vui lòng đặt hồ sơ vào ô tủ và đóng cửa ô tủ.</source>
        <translation>Please put your dossier in and close the door.</translation>
    </message>
    <message>
        <source>Sau khi Ông/Bà đóng cửa, máy sẽ in phiếu tiếp nhận hồ sơ.</source>
        <translation>When you close the door, a drop-off slip will be printed.</translation>
    </message>
</context>
<context>
    <name>DoorScreen</name>
    <message>
        <source>Phiếu nhận kết quả đang được in.</source>
        <extracomment>The citizen takes the drop-off back: the door is too small, or they changed their mind. Whether this screen offers &quot;Ô tủ quá nhỏ / Hủy&quot; at a drop-off door. The receipt could not be printed (None: printed, or not known yet); True: paper out.</extracomment>
        <translation>Your collection slip is being printed.</translation>
    </message>
    <message>
        <source>Máy in hết giấy. Phiếu nhận kết quả sẽ hiện trên màn hình.</source>
        <translation>The printer is out of paper. Your collection slip will be shown on the screen.</translation>
    </message>
    <message>
        <source>Máy in đang gặp sự cố. Phiếu nhận kết quả sẽ hiện trên màn hình.</source>
        <translation>The printer is not working. Your collection slip will be shown on the screen.</translation>
    </message>
    <message>
        <source>Thủ tục: {name}</source>
        <translation>Procedure: {name}</translation>
    </message>
    <message>
        <source>Báo sự cố</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <source>Ô tủ quá nhỏ / Hủy</source>
        <translation>Door too small / Cancel</translation>
    </message>
    <message>
        <source>Ô tủ ở hàng trên cao, được tô màu vàng trên hình.</source>
        <translation>The door is high up, shown in yellow in the picture.</translation>
    </message>
    <message>
        <source>Ô tủ ở ngang tầm ngực, được tô màu vàng trên hình.</source>
        <translation>The door is at chest height, shown in yellow in the picture.</translation>
    </message>
    <message>
        <source>Ô tủ ở hàng dưới thấp, được tô màu vàng trên hình.</source>
        <translation>The door is low down, shown in yellow in the picture.</translation>
    </message>
</context>
<context>
    <name>DoorUnknownScreen</name>
    <message>
        <source>Vui lòng gọi Đường dây nóng {hotline} hoặc quay lại sau.</source>
        <translation>Please call the hotline {hotline} or come back later.</translation>
    </message>
    <message>
        <source>Ô tủ {label} không mở được</source>
        <translation>Door {label} did not open</translation>
    </message>
    <message>
        <source>Mã OTP của Ông/Bà vẫn còn hiệu lực.</source>
        <translation>Your OTP code still works.</translation>
    </message>
    <message>
        <source>Hồ sơ của Ông/Bà chưa được nộp.</source>
        <translation>Your dossier has not been handed in.</translation>
    </message>
    <message>
        <source>Cán bộ sẽ kiểm tra ô tủ {label}</source>
        <translation>Staff will check door {label}</translation>
    </message>
    <message>
        <source>Nếu Ông/Bà chưa nhận được hồ sơ, vui lòng giữ lại tin nhắn có mã OTP.</source>
        <translation>If you did not get your papers, keep the SMS with your OTP code.</translation>
    </message>
    <message>
        <source>Nếu hồ sơ chưa vào ô tủ, vui lòng giữ lại hồ sơ.</source>
        <translation>If your papers did not go in, keep them with you.</translation>
    </message>
    <message>
        <source>Vui lòng kiểm tra cửa ô tủ {label}</source>
        <translation>Please check door {label}</translation>
    </message>
    <message>
        <source>Nếu cửa đã mở: lấy hồ sơ ra rồi đóng cửa lại.</source>
        <translation>If the door is open: take your papers out, then close it.</translation>
    </message>
    <message>
        <source>Nếu cửa đã mở: đặt hồ sơ vào rồi đóng cửa lại.</source>
        <translation>If the door is open: put your dossier in, then close it.</translation>
    </message>
    <message>
        <source>Nếu cửa chưa mở: mã OTP vẫn còn hiệu lực.</source>
        <translation>If the door did not open: your OTP code still works.</translation>
    </message>
    <message>
        <source>Nếu cửa chưa mở: hồ sơ của Ông/Bà chưa được nộp.</source>
        <translation>If the door did not open: your dossier has not been handed in.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>DropoffCancelScreen</name>
    <message>
        <source>Hủy nộp hồ sơ</source>
        <translation>Cancel the drop-off</translation>
    </message>
    <message>
        <source>Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra, rồi đóng cửa ô tủ {label}.</source>
        <translation>Your papers are still inside: please take them out, then close door {label}.</translation>
    </message>
    <message>
        <source>Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính.</source>
        <translation>Staff have been told. You may go back to the start.</translation>
    </message>
    <message>
        <source>Đóng cửa khi ô tủ trống thì việc nộp hồ sơ được hủy; nếu còn hồ sơ bên trong, tủ nhận hồ sơ.</source>
        <translation>Closed with nothing inside, the drop-off is cancelled; closed with your papers inside, the kiosk takes them.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>Vui lòng lấy lại hồ sơ (nếu đã đặt vào) và đóng cửa ô tủ {label}.</source>
        <translation>Please take your papers back (if you put them in) and close door {label}.</translation>
    </message>
</context>
<context>
    <name>DropoffCancelledScreen</name>
    <message>
        <source>Đã hủy nộp hồ sơ</source>
        <translation>Drop-off cancelled</translation>
    </message>
    <message>
        <source>Ô tủ {label} đã đóng và trống. Hồ sơ {code} chưa được nộp.</source>
        <translation>Door {label} is closed and empty. Dossier {code} has not been dropped off.</translation>
    </message>
    <message>
        <source>Ô tủ quá nhỏ? Chạm vào một cỡ lớn hơn bên dưới để mở ô tủ khác.</source>
        <translation>Door too small? Touch a larger size below to open another door.</translation>
    </message>
    <message>
        <source>Nộp hồ sơ tại bộ phận một cửa trong giờ hành chính: {hours}.</source>
        <translation>Drop off your dossier at the one-stop counter during office hours: {hours_en}.</translation>
    </message>
    <message>
        <source>Hiện không còn ô tủ trống nào lớn hơn.</source>
        <translation>No larger door is free now.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>DropoffCodeScreen</name>
    <message>
        <source>Nộp hồ sơ</source>
        <translation>Drop off a dossier</translation>
    </message>
    <message>
        <source>Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:</source>
        <translation>Scan the QR code on your appointment slip, or type the dossier code:</translation>
    </message>
</context>
<context>
    <name>DropoffRefusedScreen</name>
    <message>
        <source>Tủ không nhận hồ sơ này</source>
        <extracomment>The code again, to correct it (it is kept on the code screen). A door of the same size again for the same dossier (the door closed on nothing).</extracomment>
        <translation>This dossier cannot be dropped off here</translation>
    </message>
    <message>
        <source>Hệ thống một cửa điện tử không có hồ sơ mã {code}.</source>
        <translation>The one-stop system has no dossier with code {code}.</translation>
    </message>
    <message>
        <source>Kiểm tra lại mã hồ sơ trên phiếu hẹn.</source>
        <translation>Check the dossier code on your appointment slip.</translation>
    </message>
    <message>
        <source>Hồ sơ mã {code} không cần nộp giấy tờ tại tủ.</source>
        <translation>Dossier {code} needs no papers dropped off at the locker.</translation>
    </message>
    <message>
        <source>Xem lại hướng dẫn trong tin nhắn hoặc trên phiếu hẹn.</source>
        <translation>See the instructions in your SMS or on your appointment slip.</translation>
    </message>
    <message>
        <source>Tủ chưa nhận được hồ sơ</source>
        <translation>The locker did not receive your dossier</translation>
    </message>
    <message>
        <source>Cửa ô tủ đã đóng nhưng tủ không thấy hồ sơ {code} bên trong.</source>
        <translation>The door was closed but there is nothing inside for dossier {code}.</translation>
    </message>
    <message>
        <source>Chạm vào “Mở lại ô tủ”, đặt hồ sơ vào và đóng cửa ô tủ.</source>
        <translation>Touch “Open the door again”, put your dossier in and close the door.</translation>
    </message>
    <message>
        <source>Nhập lại mã</source>
        <translation>Enter the code again</translation>
    </message>
    <message>
        <source>Mở lại ô tủ</source>
        <translation>Open the door again</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>DropoffSizeScreen</name>
    <message>
        <source>Chọn cỡ ô tủ</source>
        <translation>Choose a door size</translation>
    </message>
    <message>
        <source>Tủ sẽ mở một ô ở hàng dưới thấp, vừa tầm xe lăn.</source>
        <translation>The kiosk will open a door in the bottom row, within reach from a wheelchair.</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}</source>
        <translation>Dossier code: {code}</translation>
    </message>
    <message>
        <source>Hiện không kiểm tra được mã với hệ thống một cửa điện tử. Tủ vẫn nhận hồ sơ; cán bộ sẽ kiểm tra sau.</source>
        <translation>The code cannot be checked with the one-stop system right now. The locker still takes your dossier; staff will check it later.</translation>
    </message>
    <message>
        <source>Hồ sơ của Ông/Bà dày bao nhiêu?</source>
        <translation>How thick is your dossier?</translation>
    </message>
    <message>
        <source>Nhỏ</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>vài tờ giấy, một phong bì</source>
        <translation>a few sheets, one envelope</translation>
    </message>
    <message>
        <source>Vừa</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>một tập hồ sơ dày</source>
        <translation>one thick folder</translation>
    </message>
    <message>
        <source>Lớn</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>nhiều tập hồ sơ, bản vẽ</source>
        <translation>several folders, drawings</translation>
    </message>
    <message>
        <source>Để tủ tự chọn</source>
        <translation>Let the locker choose</translation>
    </message>
    <message>
        <source>tủ mở ô trống nhỏ nhất</source>
        <translation>the smallest free door opens</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Xin chào!</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <source>Ông/Bà cần làm gì? Chạm vào một nút bên dưới.</source>
        <translation>What would you like to do? Touch a button below.</translation>
    </message>
    <message>
        <source>Tạm ngưng phục vụ</source>
        <translation>Out of service for now</translation>
    </message>
    <message>
        <source>Nhận kết quả</source>
        <translation>Collect a result</translation>
    </message>
    <message>
        <source>bằng mã OTP hoặc mã QR trong tin nhắn SMS</source>
        <translation>with the OTP code or QR code from your SMS</translation>
    </message>
    <message>
        <source>Nộp hồ sơ</source>
        <translation>Drop off a dossier</translation>
    </message>
    <message>
        <source>hồ sơ giấy đã có mã hồ sơ</source>
        <translation>a paper dossier that has a dossier code</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ</source>
        <translation>Look up a dossier</translation>
    </message>
    <message>
        <source>Hỗ trợ</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>Chế độ hỗ trợ: chữ lớn, thêm thời gian, ô tủ thấp cho người đi xe lăn.</source>
        <translation>Assistance mode: large text, more time, low doors for wheelchair users.</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Có mã QR trong tin nhắn? Đưa mã QR vào máy quét bên dưới màn hình để nhận kết quả.</source>
        <translation>Got a QR code in your SMS? Hold it to the scanner below the screen to collect your result.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Đường dây nóng: {hotline}</source>
        <extracomment>&quot;Nghe lại&quot;: say the screen&apos;s line again. False in production: nothing on the touch screen may close the kiosk. Larger text here; the flows make the waits longer and the doors low.</extracomment>
        <translation>Hotline: {hotline}</translation>
    </message>
    <message>
        <source>Giờ hành chính: {hours}</source>
        <translation>Office hours: {hours_en}</translation>
    </message>
    <message numerus="yes">
        <source>Về màn hình chính sau %n giây.</source>
        <translation>
            <numerusform>Back to start in %n second.</numerusform>
            <numerusform>Back to start in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Về màn hình chính sau %n giây. Chạm vào màn hình để tiếp tục.</source>
        <translation>
            <numerusform>Back to start in %n second. Touch the screen to continue.</numerusform>
            <numerusform>Back to start in %n seconds. Touch the screen to continue.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cần thêm thời gian</source>
        <translation>I need more time</translation>
    </message>
    <message>
        <source>Nghe lại</source>
        <translation>Listen again</translation>
    </message>
</context>
<context>
    <name>LookupCodeScreen</name>
    <message>
        <source>Tra cứu hồ sơ</source>
        <translation>Look up a dossier</translation>
    </message>
    <message>
        <source>Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:</source>
        <translation>Scan the QR code on your appointment slip, or type the dossier code:</translation>
    </message>
</context>
<context>
    <name>LookupResultScreen</name>
    <message>
        <source>Tra cứu mã khác</source>
        <translation>Look up another code</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}</source>
        <translation>Dossier code: {code}</translation>
    </message>
    <message>
        <source>Chưa tra cứu được</source>
        <translation>The dossier could not be looked up</translation>
    </message>
    <message>
        <source>Hiện không kết nối được với hệ thống một cửa điện tử. Vui lòng thử lại sau, hoặc gọi Đường dây nóng {hotline}.</source>
        <translation>The one-stop system cannot be reached right now. Please try again later, or call the hotline {hotline}.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ</source>
        <translation>Dossier not found</translation>
    </message>
    <message>
        <source>Không có hồ sơ với mã này. Vui lòng kiểm tra lại mã trên phiếu hẹn.</source>
        <translation>There is no dossier with this code. Please check the code on your appointment slip.</translation>
    </message>
    <message>
        <source>Tình trạng hồ sơ</source>
        <translation>Dossier status</translation>
    </message>
    <message>
        <source>Tình trạng: {state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <source>Ngày hẹn trả kết quả: {date}</source>
        <translation>Result due: {date}</translation>
    </message>
    <message>
        <source>Khi có kết quả, Ông/Bà sẽ nhận mã OTP qua tin nhắn SMS để nhận tại tủ.</source>
        <translation>When the result is ready you will get an OTP code by SMS to collect it here.</translation>
    </message>
    <message>
        <source>Đang chờ nộp hồ sơ giấy</source>
        <translation>Waiting for the paper dossier</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <source>Đã có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result collected</translation>
    </message>
    <message>
        <source>Chưa rõ tình trạng</source>
        <translation>Status not known</translation>
    </message>
</context>
<context>
    <name>LostCodePhoneScreen</name>
    <message>
        <source>Không nhận được mã?</source>
        <translation>Didn&apos;t get the code?</translation>
    </message>
    <message>
        <source>Nhập 3 số cuối của số điện thoại Ông/Bà đã đăng ký khi nộp hồ sơ</source>
        <translation>Type the last 3 digits of the phone number you gave with your dossier</translation>
    </message>
    <message>
        <source>Ví dụ: số 0912 345 678 thì nhập 678.</source>
        <translation>For example, for 0912 345 678 type 678.</translation>
    </message>
</context>
<context>
    <name>LostCodeScreen</name>
    <message>
        <source>Không nhận được mã?</source>
        <translation>Didn&apos;t get the code?</translation>
    </message>
    <message>
        <source>Quét mã QR trên phiếu hẹn, hoặc nhập mã hồ sơ:</source>
        <translation>Scan the QR code on your appointment slip, or type the dossier code:</translation>
    </message>
</context>
<context>
    <name>LostCodeSentScreen</name>
    <message>
        <source>Yêu cầu gửi lại mã đã được ghi nhận trước đó</source>
        <translation>Your request to re-send the code was already noted</translation>
    </message>
    <message numerus="yes">
        <source>Vui lòng chờ tin nhắn SMS. Nếu vẫn không nhận được, thử lại sau %n phút.</source>
        <translation>
            <numerusform>Please wait for the SMS. If it still does not come, try again in %n minute.</numerusform>
            <numerusform>Please wait for the SMS. If it still does not come, try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã ghi nhận yêu cầu gửi lại mã</source>
        <translation>Your request to re-send the code is noted</translation>
    </message>
    <message>
        <source>Nếu thông tin khớp, mã sẽ được gửi lại qua tin nhắn SMS.</source>
        <translation>If the details match, the code will be sent again by SMS.</translation>
    </message>
    <message>
        <source>Tin nhắn có thể đến sau vài phút. Khi có mã, chạm “Nhập mã OTP”.</source>
        <translation>The SMS may take a few minutes. When you have the code, tap “Type the OTP code”.</translation>
    </message>
    <message>
        <source>Nhập mã OTP</source>
        <translation>Type the OTP code</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>NoFreeCompartmentScreen</name>
    <message>
        <source>Nộp hồ sơ tại bộ phận một cửa trong giờ hành chính: {hours}.</source>
        <translation>Drop off your dossier at the one-stop counter during office hours: {hours_en}.</translation>
    </message>
    <message>
        <source>Hiện không còn ô tủ trống nào ở hàng dưới thấp.</source>
        <translation>No door in the bottom row is free now.</translation>
    </message>
    <message>
        <source>Hiện không còn ô tủ trống nào.</source>
        <translation>No door is free now.</translation>
    </message>
    <message>
        <source>Tủ đã hết ô trống</source>
        <translation>The kiosk has no free door</translation>
    </message>
    <message>
        <source>Hết ô tủ trống cỡ {size}</source>
        <translation>No free door of size {size}</translation>
    </message>
    <message>
        <source>Mọi ô tủ cỡ {size} đều đang được dùng. Tủ còn ô trống cỡ: {free}.</source>
        <translation>Every door of size {size} is in use. Sizes still free: {free}.</translation>
    </message>
    <message>
        <source>Chạm vào một cỡ còn trống bên dưới để mở ô tủ cỡ đó.</source>
        <translation>Touch a size still free below to open a door of that size.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>Ông/Bà có thể:</source>
        <extracomment>The card, and beside it whatever a subclass adds (a receipt drawn on screen).</extracomment>
        <translation>What you can do:</translation>
    </message>
    <message>
        <source>Đến bộ phận một cửa trong giờ hành chính: {hours}.</source>
        <translation>Come to the one-stop counter during office hours: {hours_en}.</translation>
    </message>
    <message>
        <source>Gọi Đường dây nóng {hotline}.</source>
        <translation>Call the hotline {hotline}.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>vẫn hoạt động</source>
        <translation>working</translation>
    </message>
    <message>
        <source>tạm ngưng</source>
        <translation>paused</translation>
    </message>
    <message>
        <source>Tạm ngưng phục vụ</source>
        <translation>Out of service for now</translation>
    </message>
    <message>
        <source>Xin lỗi, tủ đang gặp sự cố. Cán bộ đã được thông báo.</source>
        <translation>Sorry, the locker has a fault. Staff have been told.</translation>
    </message>
    <message>
        <source>Nhận kết quả: {state}</source>
        <translation>Collect a result: {state}</translation>
    </message>
    <message>
        <source>Nộp hồ sơ: {state}</source>
        <translation>Drop off a dossier: {state}</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ: {state}</source>
        <translation>Look up a dossier: {state}</translation>
    </message>
    <message>
        <source>Tình trạng các dịch vụ:</source>
        <translation>Services now:</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ</source>
        <translation>Look up a dossier</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>PapersLeftScreen</name>
    <message>
        <source>Hồ sơ vẫn còn trong ô tủ</source>
        <translation>Your papers are still inside</translation>
    </message>
    <message>
        <source>Cán bộ đã được thông báo. Mã OTP của Ông/Bà vẫn còn hiệu lực.</source>
        <translation>Staff have been told. Your OTP code still works.</translation>
    </message>
    <message>
        <source>Ông/Bà chưa lấy hồ sơ. Bấm “Mở lại ô tủ” để lấy hồ sơ.</source>
        <translation>You have not taken your papers. Tap “Open the door again” to take them.</translation>
    </message>
    <message>
        <source>Cần hỗ trợ? Gọi Đường dây nóng {hotline}.</source>
        <translation>Need help? Call the hotline {hotline}.</translation>
    </message>
    <message>
        <source>Mở lại ô tủ</source>
        <translation>Open the door again</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>PhoneDigitsScreen</name>
    <message>
        <source>Xác nhận số điện thoại</source>
        <translation>Confirm your phone number</translation>
    </message>
    <message>
        <source>Để bảo vệ kết quả của Ông/Bà, nhập 3 số cuối của số điện thoại đã nhận tin nhắn SMS</source>
        <translation>To protect your result, enter the last 3 digits of the phone that received the SMS</translation>
    </message>
    <message>
        <source>Ví dụ: số 0912 345 678 thì nhập 678.</source>
        <translation>For example, for 0912 345 678 type 678.</translation>
    </message>
</context>
<context>
    <name>PickupCodeScreen</name>
    <message>
        <source>Nhận kết quả</source>
        <translation>Collect a result</translation>
    </message>
    <message>
        <source>Nhập mã OTP đã được gửi qua tin nhắn SMS</source>
        <translation>Type the OTP code sent to you by SMS</translation>
    </message>
    <message>
        <source>Không nhận được mã?</source>
        <translation>Didn&apos;t get the code?</translation>
    </message>
    <message>
        <source>Mã OTP gồm 8 chữ số. Có mã QR? Đưa mã QR vào máy quét, không cần nhập.</source>
        <translation>The OTP code has 8 digits. Got a QR code? Hold it to the scanner instead.</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Xin lỗi, máy phản hồi quá lâu</source>
        <translation>Sorry, the kiosk is taking too long</translation>
    </message>
    <message>
        <source>Yêu cầu của Ông/Bà chưa hoàn tất. Mã của Ông/Bà vẫn còn hiệu lực; vui lòng thử lại sau ít phút.</source>
        <translation>Your request did not finish. Your code is still valid; please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Xin lỗi, máy đang bận</source>
        <translation>Sorry, the kiosk is busy</translation>
    </message>
    <message>
        <source>Vui lòng thử lại sau ít phút.</source>
        <translation>Please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Gọi Đường dây nóng {hotline} nếu cần hỗ trợ.</source>
        <translation>Call the hotline {hotline} if you need help.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <source>Đánh giá mức độ hài lòng</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>Ông/Bà có hài lòng với dịch vụ hôm nay không?</source>
        <translation>How satisfied are you with our service today?</translation>
    </message>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Bình thường</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Rất không hài lòng</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Ô tủ</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Đường dây nóng: {hotline}</source>
        <translation>Hotline: {hotline}</translation>
    </message>
    <message>
        <source>PHIẾU NHẬN KẾT QUẢ</source>
        <translation>COLLECTION SLIP</translation>
    </message>
    <message>
        <source>Công dân đã nhận kết quả giải quyết hồ sơ tại ATM hồ sơ 24/7.</source>
        <translation>The result of the dossier was collected at the 24/7 dossier ATM.</translation>
    </message>
    <message>
        <source>Hồ sơ đã được nộp vào tủ. Cán bộ sẽ tiếp nhận trong giờ hành chính.</source>
        <translation>The dossier was put in the kiosk. Staff will receive it during office hours.</translation>
    </message>
    <message>
        <source>Mã hồ sơ chưa được đối chiếu với hệ thống (mất kết nối).</source>
        <translation>The dossier code was not checked with the system (no connection).</translation>
    </message>
    <message>
        <source>PHIẾU TIẾP NHẬN HỒ SƠ</source>
        <translation>DOSSIER RECEIPT</translation>
    </message>
    <message>
        <source>Hồ sơ chưa được nộp.</source>
        <translation>The dossier was not dropped off.</translation>
    </message>
    <message>
        <source>Kết quả vẫn ở trong tủ; mã OTP vẫn còn hiệu lực.</source>
        <translation>The result is still in the kiosk; the OTP code is still valid.</translation>
    </message>
    <message>
        <source>Ô tủ {label} không mở được. {what} Cán bộ đã được thông báo. Giờ hành chính: {hours}.</source>
        <translation>Door {label} did not open. {what} Staff have been told. Office hours: {hours_en}.</translation>
    </message>
    <message>
        <source>PHIẾU GHI NHẬN SỰ CỐ</source>
        <translation>INCIDENT SLIP</translation>
    </message>
    <message>
        <source>Công dân đã báo sự cố tại ô tủ {label}. Cán bộ đã được thông báo và sẽ kiểm tra. Giờ hành chính: {hours}.</source>
        <translation>A problem was reported at door {label}. Staff have been told and will check it. Office hours: {hours_en}.</translation>
    </message>
</context>
<context>
    <name>ReceiptOnScreenScreen</name>
    <message>
        <source>Máy in hết giấy</source>
        <translation>The printer is out of paper</translation>
    </message>
    <message>
        <source>Máy in đang gặp sự cố</source>
        <translation>The printer has a fault</translation>
    </message>
    <message>
        <source>Không in được phiếu. Vui lòng chụp ảnh màn hình này bằng điện thoại để lưu thông tin.</source>
        <translation>Your slip could not be printed. Please take a photo of this screen with your phone.</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>ReportSentScreen</name>
    <message>
        <source>Nhận phiếu ghi nhận sự cố ở khe máy in.</source>
        <translation>Take the incident slip from the printer slot.</translation>
    </message>
    <message>
        <source>Chụp ảnh phiếu ghi nhận sự cố bên phải bằng điện thoại.</source>
        <translation>Take a photo of the incident slip on the right with your phone.</translation>
    </message>
    <message>
        <source>Đã báo sự cố cho cán bộ</source>
        <translation>Staff have been told about the problem</translation>
    </message>
    <message>
        <source>Vui lòng đóng cửa ô tủ {label}. Cán bộ sẽ kiểm tra ô tủ này.</source>
        <translation>Please close door {label}. Staff will check it.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>SeeCounterScreen</name>
    <message>
        <source>Mã OTP đã hết hạn</source>
        <translation>The OTP code has expired</translation>
    </message>
    <message>
        <source>Không thể nhận kết quả tại tủ bằng mã này nữa.</source>
        <translation>This code can no longer be used to collect a result here.</translation>
    </message>
    <message>
        <source>Mã OTP không còn hiệu lực</source>
        <translation>The OTP code is no longer valid</translation>
    </message>
    <message>
        <source>Mã này đã được thay bằng mã mới hoặc kết quả đã được chuyển về bộ phận một cửa. Vui lòng xem tin nhắn SMS mới nhất.</source>
        <translation>It was replaced by a new code, or the result went back to the one-stop counter. Please check your latest SMS.</translation>
    </message>
    <message>
        <source>Mã OTP đã bị khóa</source>
        <translation>The OTP code is blocked</translation>
    </message>
    <message>
        <source>Mã đã bị nhập sai quá nhiều lần nên không dùng được nữa.</source>
        <translation>Wrong codes were entered too many times, so it can no longer be used.</translation>
    </message>
    <message>
        <source>Mã OTP đã được sử dụng</source>
        <translation>The OTP code has been used</translation>
    </message>
    <message>
        <source>Kết quả của mã này đã được nhận.</source>
        <translation>The result for this code has already been collected.</translation>
    </message>
    <message>
        <source>Kết quả chưa có trong tủ</source>
        <translation>The result is not in the locker yet</translation>
    </message>
    <message>
        <source>Kết quả của Ông/Bà chưa được đưa vào tủ. Vui lòng quay lại sau.</source>
        <translation>Your result has not been put in the locker yet. Please come back later.</translation>
    </message>
    <message>
        <source>Ô tủ tạm ngưng phục vụ</source>
        <translation>The door is out of service</translation>
    </message>
    <message>
        <source>Ô tủ chứa kết quả của Ông/Bà đang chờ cán bộ kiểm tra. Xin lỗi vì sự bất tiện này.</source>
        <translation>The door holding your result is waiting for a staff check. We are sorry for the trouble.</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>TakeReceiptScreen</name>
    <message>
        <source>Ông/Bà đã nhận kết quả</source>
        <translation>You have collected your result</translation>
    </message>
    <message>
        <source>Hồ sơ {code}.</source>
        <translation>Dossier {code}.</translation>
    </message>
    <message>
        <source>Vui lòng nhận phiếu nhận kết quả ở khe máy in.</source>
        <translation>Please take your collection slip from the printer slot.</translation>
    </message>
    <message>
        <source>Đã nộp hồ sơ vào tủ</source>
        <translation>Your dossier has been dropped off</translation>
    </message>
    <message>
        <source>Hồ sơ {code} đã được nộp. Cán bộ sẽ nhận hồ sơ trong giờ hành chính.</source>
        <translation>Dossier {code} has been dropped off. Staff will take it in during office hours.</translation>
    </message>
    <message>
        <source>Vui lòng nhận phiếu tiếp nhận hồ sơ ở khe máy in.</source>
        <translation>Please take your drop-off slip from the printer slot.</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Nhận kết quả khác</source>
        <translation>Collect another result</translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <source>Xin cảm ơn!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Cảm ơn Ông/Bà đã sử dụng ATM hồ sơ 24/7. Hẹn gặp lại!</source>
        <translation>Thank you for using the 24/7 dossier ATM. See you again!</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>Nhận kết quả khác</source>
        <translation>Collect another result</translation>
    </message>
</context>
<context>
    <name>WaitText</name>
    <message>
        <source>{minutes} phút {seconds} giây</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>{seconds} giây</source>
        <translation>{seconds} s</translation>
    </message>
</context>
<context>
    <name>WorkingScreen</name>
    <message>
        <source>Vui lòng chờ trong giây lát…</source>
        <extracomment>The task has not finished within ``timeouts.working_s``.</extracomment>
        <translation>Please wait a moment…</translation>
    </message>
    <message>
        <source>Đang kiểm tra mã và mở ô tủ.</source>
        <translation>Checking your code and opening the door.</translation>
    </message>
    <message>
        <source>Đang kiểm tra mã hồ sơ với hệ thống một cửa điện tử.</source>
        <translation>Checking the dossier code with the one-stop system.</translation>
    </message>
    <message>
        <source>Đang mở ô tủ.</source>
        <translation>Opening the door.</translation>
    </message>
    <message>
        <source>Đang tra cứu hồ sơ.</source>
        <translation>Looking up the dossier.</translation>
    </message>
</context>
<context>
    <name>WrongCodeScreen</name>
    <message>
        <source>Vui lòng chờ {wait} rồi thử lại.</source>
        <translation>Please wait {wait}, then try again.</translation>
    </message>
    <message numerus="yes">
        <source>Ông/Bà còn %n lần thử.</source>
        <translation>
            <numerusform>You have %n try left.</numerusform>
            <numerusform>You have %n tries left.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mã QR không hợp lệ</source>
        <translation>Invalid QR code</translation>
    </message>
    <message>
        <source>Mã QR này không phải mã nhận kết quả.</source>
        <translation>This QR code is not a pickup code.</translation>
    </message>
    <message>
        <source>Dùng mã QR trong tin nhắn SMS báo kết quả, hoặc nhập mã OTP 8 chữ số.</source>
        <translation>Use the QR code in the SMS about your result, or enter the 8-digit OTP.</translation>
    </message>
    <message>
        <source>Mã không đúng</source>
        <translation>Wrong code</translation>
    </message>
    <message>
        <source>Kiểm tra lại mã OTP gồm 8 chữ số trong tin nhắn SMS.</source>
        <translation>Check the 8-digit OTP code in your SMS.</translation>
    </message>
    <message>
        <source>Có mã QR trong tin nhắn? Đưa mã QR vào máy quét.</source>
        <translation>Got a QR code in your SMS? Hold it to the scanner.</translation>
    </message>
    <message>
        <source>Chắc chắn mã đúng? Kiểm tra bằng 3 số cuối điện thoại: kết quả có thể chưa được đưa vào tủ.</source>
        <translation>Sure the code is right? Check it with the last 3 digits of your phone: your result may not be in the locker yet.</translation>
    </message>
    <message>
        <source>Cần hỗ trợ? Gọi Đường dây nóng {hotline}.</source>
        <translation>Need help? Call the hotline {hotline}.</translation>
    </message>
    <message>
        <source>Nhập lại mã</source>
        <translation>Enter the code again</translation>
    </message>
    <message>
        <source>Kiểm tra bằng số điện thoại</source>
        <translation>Check with phone digits</translation>
    </message>
    <message>
        <source>Về màn hình chính</source>
        <translation>Back to start</translation>
    </message>
</context>
</TS>
