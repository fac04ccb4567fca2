<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>CollectPage</name>
    <message>
        <source>Nộp lúc {time}</source>
        <translation>Dropped off at {time}</translation>
    </message>
    <message>
        <source>chưa đối chiếu với hệ thống</source>
        <translation>not yet checked with the system</translation>
    </message>
    <message numerus="yes">
        <source>Lấy hồ sơ đã nộp: %n ô</source>
        <translation>
            <numerusform>Collect drop-offs: %n compartment</numerusform>
            <numerusform>Collect drop-offs: %n compartments</numerusform>
        </translation>
    </message>
    <message>
        <source>Mở từng ô hoặc mở tất cả, lấy hồ sơ ra rồi đóng cửa từng ô.</source>
        <translation>Open one compartment at a time or all of them, take the dossiers out and close each door.</translation>
    </message>
    <message>
        <source>Mở tất cả</source>
        <translation>Open all</translation>
    </message>
    <message>
        <source>Không có hồ sơ nào đang chờ lấy.</source>
        <translation>No dossiers are waiting to be collected.</translation>
    </message>
</context>
<context>
    <name>CommissionWords</name>
    <message>
        <source>không thấy cổng (cáp chưa cắm? xem /dev/serial/by-id)</source>
        <translation>port not found (cable unplugged? see /dev/serial/by-id)</translation>
    </message>
    <message>
        <source>cổng đang được một chương trình khác dùng</source>
        <translation>the port is in use by another program</translation>
    </message>
    <message>
        <source>không trả lời (nguồn, công tắc địa chỉ, dây A/B, tốc độ truyền)</source>
        <translation>no reply (power, address switches, A/B wires, line speed)</translation>
    </message>
    <message>
        <source>trả lời sai khung (dây RS-485, điện trở cuối, tốc độ truyền)</source>
        <translation>garbled reply (RS-485 wiring, termination, line speed)</translation>
    </message>
    <message>
        <source>máy in hết giấy</source>
        <translation>the printer is out of paper</translation>
    </message>
    <message>
        <source>máy in chưa sẵn sàng (nắp, giấy, dao cắt)</source>
        <translation>the printer is not ready (cover, paper, cutter)</translation>
    </message>
    <message>
        <source>lỗi thiết bị (chi tiết trong biên bản)</source>
        <translation>device failure (details in the report)</translation>
    </message>
    <message>
        <source>Không mở được bus khóa: {fault}.</source>
        <translation>Cannot open the lock bus: {fault}.</translation>
    </message>
    <message>
        <source>Không bo mạch khóa nào trả lời. Kiểm tra nguồn của bo mạch, dây A nối A và B nối B, bộ chuyển đổi RS-485 và công tắc địa chỉ của từng bo mạch.</source>
        <translation>No lock board answered. Check the boards&apos; power, A to A and B to B, the RS-485 adapter and each board&apos;s address switches.</translation>
    </message>
    <message>
        <source>Cấu hình mới không hợp lệ nên chưa được lưu; chi tiết trong nhật ký.</source>
        <translation>The new configuration is not valid and was not saved; details in the log.</translation>
    </message>
    <message>
        <source>Không ghi được tệp cấu hình (quyền ghi hoặc ổ đĩa); chi tiết trong nhật ký.</source>
        <translation>Cannot write the configuration file (permissions or disk); details in the log.</translation>
    </message>
    <message>
        <source>Các bo mạch giao thức khác ({protocol}) trên cùng bus bị bỏ qua.</source>
        <translation>Boards of another protocol ({protocol}) on the same bus are left out.</translation>
    </message>
    <message>
        <source>Bo mạch {board} đọc cảm biến cửa ngược với các bo mạch khác: đã ghi closed_bit riêng cho bo mạch này (bước thử từng cửa sẽ kiểm tra; nếu lúc quét có cửa của nó đang mở, hãy đóng lại và quét lại).</source>
        <translation>Board {board} reads its door sensors the other way round from the other boards: its own closed_bit is written (the door walk checks it; if one of its doors was open during the scan, close it and scan again).</translation>
    </message>
    <message>
        <source>Bo mạch {board} khóa {lock}: {fault}.</source>
        <translation>Board {board} lock {lock}: {fault}.</translation>
    </message>
    <message>
        <source>Bo mạch {board} khóa {lock}: cảm biến thấy cửa mở nhưng chưa đặt nhãn.</source>
        <translation>Board {board} lock {lock}: the sensor saw a door open that was not named.</translation>
    </message>
    <message>
        <source>{label} (bo mạch {board} khóa {lock}): cửa mở nhưng cảm biến không thấy (dây cảm biến hoặc cực tính).</source>
        <translation>{label} (board {board} lock {lock}): opened but its sensor did not see it (sensor wiring, or polarity).</translation>
    </message>
    <message>
        <source>{label}: cảm biến không báo đóng lại.</source>
        <translation>{label}: its sensor never read closed again.</translation>
    </message>
    <message>
        <source>Cảm biến vật phẩm: {fault}.</source>
        <translation>Item sensors: {fault}.</translation>
    </message>
    <message>
        <source>Máy in: chưa in được phiếu mẫu bảng mã: {fault}.</source>
        <translation>Printer: code-page sample not printed: {fault}.</translation>
    </message>
    <message>
        <source>Máy in: chưa chọn dòng bảng mã; giữ nguyên cài đặt cũ.</source>
        <translation>Printer: no code-page line chosen; left as it was.</translation>
    </message>
    <message>
        <source>Máy quét: {fault}.</source>
        <translation>Scanner: {fault}.</translation>
    </message>
    <message>
        <source>Máy quét: không đọc được mã nào trong {seconds} giây (cáp, chế độ serial/CDC, tốc độ truyền).</source>
        <translation>Scanner: nothing read within {seconds} s (cable, serial/CDC mode, line speed).</translation>
    </message>
</context>
<context>
    <name>CompartmentPage</name>
    <message>
        <source>Ô tủ {label}</source>
        <extracomment>The finding each inspection action records.</extracomment>
        <translation>Compartment {label}</translation>
    </message>
    <message>
        <source>Cỡ {size} · {state}</source>
        <translation>Size {size} · {state}</translation>
    </message>
    <message>
        <source>Mở cửa để kiểm tra</source>
        <translation>Open the door to check</translation>
    </message>
    <message>
        <source>Lấy hồ sơ đã nộp</source>
        <translation>Collect drop-offs</translation>
    </message>
    <message>
        <source>Thu hồi kết quả</source>
        <translation>Recall the result</translation>
    </message>
    <message>
        <source>Tạm ngưng phục vụ…</source>
        <translation>Take out of service…</translation>
    </message>
    <message>
        <source>Phục vụ trở lại</source>
        <translation>Back in service</translation>
    </message>
    <message>
        <source>Đã kiểm tra: hồ sơ còn trong ô</source>
        <translation>Inspected: the dossier is inside</translation>
    </message>
    <message>
        <source>Đã kiểm tra: hồ sơ không còn</source>
        <translation>Inspected: the dossier is gone</translation>
    </message>
    <message>
        <source>Đã kiểm tra: ô trống</source>
        <translation>Inspected: empty</translation>
    </message>
    <message>
        <source>Quay lại sơ đồ</source>
        <translation>Back to the map</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}</source>
        <translation>Dossier code: {code}</translation>
    </message>
    <message>
        <source>Người nhận: {holder}</source>
        <translation>Recipient: {holder}</translation>
    </message>
    <message>
        <source>Thủ tục: {procedure}</source>
        <translation>Procedure: {procedure}</translation>
    </message>
    <message>
        <source>Từ lúc: {time}</source>
        <translation>Since: {time}</translation>
    </message>
    <message>
        <source>Mã OTP hết hạn: {time}</source>
        <translation>OTP code expires: {time}</translation>
    </message>
    <message>
        <source>Cần thu hồi: {why}</source>
        <translation>To be recalled: {why}</translation>
    </message>
    <message>
        <source>Lý do ngưng: {why}</source>
        <translation>Out of service because: {why}</translation>
    </message>
    <message>
        <source>Đang có lệnh mở cửa cho ô này.</source>
        <translation>A door command for this compartment is in progress.</translation>
    </message>
    <message>
        <source>Ô trống.</source>
        <translation>Empty compartment.</translation>
    </message>
</context>
<context>
    <name>LoadConfirmPage</name>
    <message>
        <source>Kiểm tra phong bì</source>
        <translation>Check the envelope</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}
Người nhận: {holder}
Thủ tục: {procedure}</source>
        <translation>Dossier code: {code}
Recipient: {holder}
Procedure: {procedure}</translation>
    </message>
    <message>
        <source>Người nhận cần ô ở hàng thấp (người dùng xe lăn): ô tủ cỡ {size} ở hàng thấp được chọn cho phong bì này.</source>
        <translation>The holder needs a low compartment (wheelchair user): a size {size} compartment in the low row was chosen for this envelope.</translation>
    </message>
    <message>
        <source>Người nhận cần ô ở hàng thấp (người dùng xe lăn), nhưng không còn ô thấp trống vừa với phong bì này. Giữ phong bì lại cho đến khi có ô thấp trống, hoặc báo kỹ thuật viên.</source>
        <translation>The holder needs a low compartment (wheelchair user), but no free low compartment fits this envelope. Keep the envelope until a low compartment is free, or call a technician.</translation>
    </message>
    <message>
        <source>Ô tủ cỡ {size} được chọn cho phong bì này.</source>
        <translation>A size {size} compartment was chosen for this envelope.</translation>
    </message>
    <message>
        <source>Không còn ô trống từ cỡ {size} trở lên cho phong bì này. Giữ phong bì lại và quét phong bì khác, hoặc báo kỹ thuật viên.</source>
        <translation>No free compartment of size {size} or larger for this envelope. Keep the envelope and scan another, or tell a technician.</translation>
    </message>
    <message>
        <source>Mở ô {label}</source>
        <translation>Open {label}</translation>
    </message>
    <message>
        <source>Chọn ô khác</source>
        <translation>Choose another compartment</translation>
    </message>
    <message>
        <source>Quét phong bì khác</source>
        <translation>Scan another envelope</translation>
    </message>
</context>
<context>
    <name>LoadDonePage</name>
    <message>
        <source>Đã nạp vào ô {label}</source>
        <translation>Loaded into {label}</translation>
    </message>
    <message>
        <source>Mã hồ sơ: {code}
Người nhận: {holder}
Thủ tục: {procedure}</source>
        <translation>Dossier code: {code}
Recipient: {holder}
Procedure: {procedure}</translation>
    </message>
    <message numerus="yes">
        <source>Mã OTP của công dân đã dùng được. Đã nạp %n phong bì trong phiên này.</source>
        <translation>
            <numerusform>The citizen&apos;s OTP code now works. %n envelope loaded in this session.</numerusform>
            <numerusform>The citizen&apos;s OTP code now works. %n envelopes loaded in this session.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nạp phong bì tiếp theo</source>
        <translation>Load the next envelope</translation>
    </message>
    <message>
        <source>Mở lại ô {label} (còn {seconds} giây)</source>
        <translation>Re-open {label} ({seconds} s left)</translation>
    </message>
    <message>
        <source>Hết thời gian mở lại ô {label}</source>
        <translation>Time to re-open {label} is over</translation>
    </message>
    <message>
        <source>Kết thúc, in phiếu tổng hợp</source>
        <translation>Finish and print the summary</translation>
    </message>
</context>
<context>
    <name>LoadDoorPage</name>
    <message>
        <source>Đang mở ô tủ…</source>
        <translation>Opening the compartment…</translation>
    </message>
    <message>
        <source>Ô tủ đã mở</source>
        <translation>The compartment is open</translation>
    </message>
    <message>
        <source>Ô tủ không mở được</source>
        <translation>The compartment did not open</translation>
    </message>
    <message>
        <source>Chưa nạp: ô tủ trống khi đóng cửa</source>
        <translation>Not loaded: the compartment was empty when the door closed</translation>
    </message>
    <message>
        <source>Ô tủ đã mở lại</source>
        <translation>The compartment is open again</translation>
    </message>
    <message>
        <source>Chưa rõ ô tủ đã mở chưa</source>
        <translation>Not known yet whether the compartment opened</translation>
    </message>
    <message>
        <source>Bo mạch khóa chưa trả lời</source>
        <translation>The lock board has not answered</translation>
    </message>
    <message>
        <source>Ô tủ cần kiểm tra</source>
        <translation>The compartment needs checking</translation>
    </message>
    <message>
        <source>Đặt phong bì vào ô tủ {label} rồi đóng cửa.</source>
        <translation>Put the envelope into compartment {label} and close the door.</translation>
    </message>
    <message>
        <source>Ô {label} đã được tạm ngưng phục vụ và báo cho kỹ thuật viên. Chọn ô khác.</source>
        <translation>Compartment {label} is now out of service and the technician has been told. Choose another compartment.</translation>
    </message>
    <message>
        <source>Máy không thấy phong bì trong ô {label}. Mở lại để đặt phong bì, hoặc chọn ô khác.</source>
        <translation>The kiosk sees no envelope in compartment {label}. Re-open it to put the envelope in, or choose another compartment.</translation>
    </message>
    <message>
        <source>Đổi đúng phong bì rồi đóng cửa. Nếu lấy phong bì ra rồi đóng cửa, máy sẽ cho chọn ô khác.</source>
        <translation>Swap in the right envelope and close the door. If you take the envelope out and close the door, you can choose another compartment.</translation>
    </message>
    <message>
        <source>Máy đang chờ bo mạch khóa trả lời. Nhìn cửa ô {label}: nếu đã mở, làm tiếp rồi đóng cửa, máy sẽ ghi nhận; nếu chưa mở, chờ máy báo.</source>
        <translation>The kiosk is waiting for the lock board to answer. Look at the door of {label}: if it is open, carry on and close it, the kiosk will record it; if it is not open, wait for the kiosk to tell you.</translation>
    </message>
    <message>
        <source>Máy vẫn chưa biết cửa ô {label} đã mở hay chưa. Nếu cửa đã mở: làm tiếp rồi đóng cửa, máy sẽ ghi nhận khi bo mạch trả lời lại. Nếu cửa chưa mở: giữ phong bì lại và báo kỹ thuật viên. Lệnh mở ô này chưa xong nên chưa chọn được ô khác.</source>
        <translation>The kiosk still does not know whether the door of {label} opened. If it is open: carry on and close it, the kiosk records it when the board answers again. If it is not open: keep the envelope and tell a technician. This door command is not finished, so no other compartment can be chosen yet.</translation>
    </message>
    <message>
        <source>Bo mạch khóa đã trả lời: cửa ô {label} không mở, không có gì thay đổi. Mở lại ô này hoặc chọn ô khác.</source>
        <translation>The lock board answered: the door of {label} did not open, nothing changed. Open this compartment again or choose another one.</translation>
    </message>
    <message>
        <source>Bo mạch khóa đã trả lời nhưng không cho biết cửa ô {label} đã mở hay chưa. Ô đã tạm ngưng phục vụ: mở ô từ Sơ đồ tủ, kiểm tra rồi ghi nhận điều đã thấy.</source>
        <translation>The lock board answered but cannot tell whether the door of {label} opened. It is now out of service: open it from the locker map, look, and record what you found.</translation>
    </message>
    <message>
        <source>Mở lại ô {label}</source>
        <translation>Re-open {label}</translation>
    </message>
    <message>
        <source>Chọn ô khác</source>
        <translation>Choose another compartment</translation>
    </message>
    <message>
        <source>Quét phong bì khác</source>
        <translation>Scan another envelope</translation>
    </message>
</context>
<context>
    <name>LoadFlow</name>
    <message>
        <source>Ô {label} không mở lại được: phong bì vẫn ở trong ô.</source>
        <translation>{label} did not open again: the envelope is still inside.</translation>
    </message>
    <message>
        <source>Cửa ô {label} vẫn mở: vui lòng đóng cửa.</source>
        <translation>The door of {label} is still open: please close it.</translation>
    </message>
    <message>
        <source>Đã lấy phong bì ra khỏi ô {label}. Chọn ô khác để nạp.</source>
        <translation>The envelope was taken out of {label}. Choose another compartment to load it.</translation>
    </message>
</context>
<context>
    <name>LoadPickPage</name>
    <message>
        <source>Chọn ô tủ khác</source>
        <translation>Choose another compartment</translation>
    </message>
    <message numerus="yes">
        <source>Chạm vào một ô trống vừa với phong bì (%n ô).</source>
        <translation>
            <numerusform>Tap a free compartment the envelope fits in (%n compartment).</numerusform>
            <numerusform>Tap a free compartment the envelope fits in (%n compartments).</numerusform>
        </translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>LoadScanPage</name>
    <message>
        <source>Nạp kết quả vào tủ</source>
        <translation>Load results</translation>
    </message>
    <message>
        <source>Quét mã hồ sơ trên phong bì kết quả, hoặc nhập mã hồ sơ:</source>
        <translation>Scan the dossier code on the result&apos;s envelope, or type the dossier code:</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message numerus="yes">
        <source>Đã nạp trong phiên này: %n</source>
        <translation>
            <numerusform>Loaded in this session: %n</numerusform>
            <numerusform>Loaded in this session: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa nạp phong bì nào.</source>
        <translation>No envelope loaded yet.</translation>
    </message>
    <message>
        <source>Kết thúc, in phiếu tổng hợp</source>
        <translation>Finish and print the summary</translation>
    </message>
    <message>
        <source>Không có kết quả nào được phát hành cho mã hồ sơ này tại máy. Kiểm tra lại mã, hoặc chờ máy đồng bộ với hệ thống.</source>
        <translation>No result has been released for this dossier code at this kiosk. Check the code, or wait for the kiosk to sync with the system.</translation>
    </message>
    <message>
        <source>Kết quả của hồ sơ này đã được nạp vào tủ.</source>
        <translation>This dossier&apos;s result is already in the locker.</translation>
    </message>
    <message>
        <source>Công dân đã nhận kết quả của hồ sơ này.</source>
        <translation>The citizen has already collected this dossier&apos;s result.</translation>
    </message>
    <message>
        <source>Mã hồ sơ không đúng định dạng.</source>
        <translation>This is not a valid dossier code.</translation>
    </message>
    <message>
        <source>Không nạp được phong bì này.</source>
        <translation>This envelope cannot be loaded.</translation>
    </message>
</context>
<context>
    <name>LoadSummaryPage</name>
    <message numerus="yes">
        <source>Tổng hợp phiên nạp: %n phong bì</source>
        <translation>
            <numerusform>Loading session summary: %n envelope</numerusform>
            <numerusform>Loading session summary: %n envelopes</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang in phiếu tổng hợp…</source>
        <translation>Printing the summary…</translation>
    </message>
    <message>
        <source>Đã in phiếu tổng hợp. Vui lòng lấy phiếu.</source>
        <translation>The summary is printed. Please take it.</translation>
    </message>
    <message>
        <source>Không in được phiếu: máy in hết giấy.</source>
        <translation>The summary was not printed: the printer is out of paper.</translation>
    </message>
    <message>
        <source>Không in được phiếu: máy in không sẵn sàng.</source>
        <translation>The summary was not printed: the printer is not ready.</translation>
    </message>
    <message>
        <source>Chưa nạp phong bì nào.</source>
        <translation>No envelope loaded yet.</translation>
    </message>
    <message>
        <source>In lại</source>
        <translation>Print again</translation>
    </message>
    <message>
        <source>Nạp thêm phong bì</source>
        <translation>Load more envelopes</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Sơ đồ tủ: chạm vào một ô để xem hoặc thao tác</source>
        <translation>Locker map: tap a compartment to see it or act on it</translation>
    </message>
</context>
<context>
    <name>MenuPage</name>
    <message>
        <source>Chọn việc cần làm</source>
        <translation>Choose a task</translation>
    </message>
    <message>
        <source>Nạp kết quả vào tủ</source>
        <translation>Load results</translation>
    </message>
    <message numerus="yes">
        <source>Còn %n ô trống</source>
        <translation>
            <numerusform>%n free compartment</numerusform>
            <numerusform>%n free compartments</numerusform>
        </translation>
    </message>
    <message>
        <source>Lấy hồ sơ đã nộp</source>
        <translation>Collect drop-offs</translation>
    </message>
    <message numerus="yes">
        <source>%n ô có hồ sơ</source>
        <translation>
            <numerusform>%n compartment holds a dossier</numerusform>
            <numerusform>%n compartments hold dossiers</numerusform>
        </translation>
    </message>
    <message>
        <source>Thu hồi kết quả quá hạn</source>
        <translation>Recall uncollected results</translation>
    </message>
    <message numerus="yes">
        <source>%n kết quả cần thu hồi</source>
        <translation>
            <numerusform>%n result to recall</numerusform>
            <numerusform>%n results to recall</numerusform>
        </translation>
    </message>
    <message>
        <source>Sơ đồ tủ</source>
        <translation>Locker map</translation>
    </message>
    <message>
        <source>Xem từng ô, tạm ngưng phục vụ</source>
        <translation>See each compartment, take one out of service</translation>
    </message>
    <message>
        <source>Chế độ chẩn đoán</source>
        <translation>Diagnostics mode</translation>
    </message>
    <message numerus="yes">
        <source>%n cảnh báo đang mở</source>
        <translation>
            <numerusform>%n open alarm</numerusform>
            <numerusform>%n open alarms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutOfServicePage</name>
    <message>
        <source>Tạm ngưng phục vụ ô {label}</source>
        <translation>Take {label} out of service</translation>
    </message>
    <message>
        <source>Chọn lý do. Ô tủ sẽ không được dùng cho đến khi cán bộ cho phục vụ trở lại.</source>
        <translation>Choose a reason. The compartment will not be used until staff put it back in service.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PinEntry</name>
    <message numerus="yes">
        <source>Thử lại sau %n giây.</source>
        <translation>
            <numerusform>Try again in %n second.</numerusform>
            <numerusform>Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thử lại sau %n phút.</source>
        <translation>
            <numerusform>Try again in %n minute.</numerusform>
            <numerusform>Try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinPrompt</name>
    <message>
        <source>Nhập lại mã PIN để mở tất cả các ô cùng lúc.</source>
        <translation>Type your PIN again to open all the compartments at once.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>Vui lòng chờ trước khi thử lại.</source>
        <translation>Please wait before trying again.</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecallPage</name>
    <message numerus="yes">
        <source>Thu hồi kết quả quá hạn: %n ô</source>
        <translation>
            <numerusform>Recall uncollected results: %n compartment</numerusform>
            <numerusform>Recall uncollected results: %n compartments</numerusform>
        </translation>
    </message>
    <message>
        <source>Kết quả có mã hết hạn, bị thu hồi, hoặc để quá thời hạn lưu giữ. Mở ô, lấy kết quả ra rồi đóng cửa; hệ thống một cửa điện tử sẽ được báo.</source>
        <translation>Results whose code expired or was revoked, or that stayed past the retention time. Open the compartment, take the result out and close the door; the one-stop system will be told.</translation>
    </message>
    <message>
        <source>Mở tất cả</source>
        <translation>Open all</translation>
    </message>
    <message>
        <source>Không có kết quả nào cần thu hồi.</source>
        <translation>No results to recall.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Đăng nhập cán bộ</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>Đưa thẻ cán bộ vào máy quét bên dưới màn hình.</source>
        <translation>Hold your staff badge to the scanner below the screen.</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Máy này tạm khóa việc đăng nhập do nhập sai nhiều lần.</source>
        <translation>Sign-in is paused at this kiosk after too many failed attempts.</translation>
    </message>
    <message numerus="yes">
        <source>Nhập mã PIN (ít nhất %n chữ số) rồi chạm Xác nhận.</source>
        <translation>
            <numerusform>Type your PIN (at least %n digit), then tap Confirm.</numerusform>
            <numerusform>Type your PIN (at least %n digits), then tap Confirm.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Thẻ hoặc mã PIN không đúng. Thẻ bị khóa sau nhiều lần nhập sai chỉ dùng lại được khi quản trị đặt lại mã PIN.</source>
        <translation>Wrong badge or PIN. A badge locked after too many wrong PINs works again only once an administrator sets a new PIN.</translation>
    </message>
    <message>
        <source>Vui lòng chờ trước khi thử lại.</source>
        <translation>Please wait before trying again.</translation>
    </message>
</context>
<context>
    <name>StaffConsole</name>
    <message>
        <source>Khu vực dành cho cán bộ</source>
        <translation>Staff only</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message numerus="yes">
        <source>Tự động đăng xuất sau %n giây</source>
        <translation>
            <numerusform>Signing out in %n second</numerusform>
            <numerusform>Signing out in %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffHost</name>
    <message>
        <source>Ô tủ đang có một lệnh mở cửa khác. Vui lòng thử lại sau.</source>
        <translation>This compartment has another door command in progress. Please try again shortly.</translation>
    </message>
    <message>
        <source>Đã hết thời gian được mở lại ô vừa nạp.</source>
        <translation>The time to re-open the door just loaded has passed.</translation>
    </message>
    <message>
        <source>Không thực hiện được ({reason}).</source>
        <translation>Could not be done ({reason}).</translation>
    </message>
    <message>
        <source>Không thực hiện được: {problem}. Chi tiết đã được ghi vào nhật ký.</source>
        <translation>Not done: {problem}. The details are in the log.</translation>
    </message>
    <message>
        <source>Có lỗi không mong đợi; chi tiết đã được ghi vào nhật ký.</source>
        <translation>Something unexpected went wrong; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>StaffJobs</name>
    <message>
        <source>Chưa rõ ô {label} đã mở chưa: máy đang chờ bo mạch khóa trả lời. Nhìn cửa ô; máy sẽ báo khi biết.</source>
        <translation>Not known yet whether {label} opened: the kiosk is waiting for the lock board to answer. Look at the door; the kiosk will tell you when it knows.</translation>
    </message>
    <message>
        <source>Ô {label} đã mở. Đóng cửa khi xong.</source>
        <translation>{label} is open. Close the door when you are done.</translation>
    </message>
    <message>
        <source>Bo mạch khóa vẫn chưa trả lời: chưa rõ ô {label} đã mở chưa. Nếu cửa đã mở, làm tiếp rồi đóng cửa; nếu chưa, báo kỹ thuật viên.</source>
        <translation>The lock board still has not answered: not known whether {label} opened. If the door is open, carry on and close it; if not, tell a technician.</translation>
    </message>
    <message>
        <source>Ô {label} cần kiểm tra: bo mạch khóa không cho biết cửa đã mở chưa. Ô đã tạm ngưng phục vụ.</source>
        <translation>{label} needs checking: the lock board cannot tell whether the door opened. It is now out of service.</translation>
    </message>
    <message>
        <source>Ô {label} không mở được: bo mạch khóa đã trả lời, cửa vẫn đóng.</source>
        <translation>{label} did not open: the lock board answered, the door is still shut.</translation>
    </message>
    <message>
        <source>Ô {label} không mở được: đã tạm ngưng phục vụ.</source>
        <translation>{label} did not open: it is now out of service.</translation>
    </message>
</context>
<context>
    <name>StaffWords</name>
    <message>
        <source>Đang mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Tạm ngưng phục vụ</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Cần thu hồi</source>
        <translation>To recall</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Có hồ sơ đã nộp</source>
        <translation>Drop-off</translation>
    </message>
    <message>
        <source>Trống</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Kết quả đã bị thu hồi hoặc mã OTP đã được cấp lại</source>
        <translation>The result was withdrawn or its OTP code re-issued</translation>
    </message>
    <message>
        <source>Mã OTP đã hết hạn</source>
        <translation>The OTP code expired</translation>
    </message>
    <message>
        <source>Quá thời hạn lưu giữ</source>
        <translation>Past the retention time</translation>
    </message>
    <message>
        <source>Cửa hỏng</source>
        <translation>Broken door</translation>
    </message>
    <message>
        <source>Khóa bị kẹt</source>
        <translation>Jammed lock</translation>
    </message>
    <message>
        <source>Cảm biến hỏng</source>
        <translation>Broken sensor</translation>
    </message>
    <message>
        <source>Cần vệ sinh</source>
        <translation>Needs cleaning</translation>
    </message>
    <message>
        <source>Lý do khác</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <source>Cửa không mở được (kẹt)</source>
        <translation>The door did not open (jammed)</translation>
    </message>
    <message>
        <source>Mất kết nối bo mạch khóa</source>
        <translation>Lock board offline</translation>
    </message>
    <message>
        <source>Cần kiểm tra sau khi máy khởi động lại</source>
        <translation>To be checked after a restart</translation>
    </message>
    <message>
        <source>Còn giấy tờ bỏ quên trong ô</source>
        <translation>Papers left inside</translation>
    </message>
    <message>
        <source>Cửa bị mở không qua lệnh: cần kiểm tra</source>
        <translation>Door opened without a command: inspect it</translation>
    </message>
    <message>
        <source>Hồ sơ không còn trong ô: cần kiểm tra</source>
        <translation>Dossier gone from the compartment: inspect it</translation>
    </message>
    <message>
        <source>Cảm biến cửa báo sai</source>
        <translation>Door sensor reads wrong</translation>
    </message>
    <message>
        <source>Tắt trong cấu hình</source>
        <translation>Disabled in the configuration</translation>
    </message>
    <message>
        <source>Cửa ô tủ để mở quá lâu</source>
        <translation>Door left open too long</translation>
    </message>
    <message>
        <source>Cửa ô tủ bị mở không qua lệnh</source>
        <translation>Door opened without a command</translation>
    </message>
    <message>
        <source>Cửa ô tủ bị kẹt</source>
        <translation>Door jammed</translation>
    </message>
    <message>
        <source>Máy in hết giấy</source>
        <translation>Printer out of paper</translation>
    </message>
    <message>
        <source>Máy in không hoạt động</source>
        <translation>Printer not working</translation>
    </message>
    <message>
        <source>Có tác động bất thường vào tủ</source>
        <translation>Tampering with the locker</translation>
    </message>
    <message>
        <source>Khóa do nhập sai nhiều lần</source>
        <translation>Locked after too many wrong codes</translation>
    </message>
    <message>
        <source>Cần kiểm tra ô tủ</source>
        <translation>Compartment to be checked</translation>
    </message>
    <message>
        <source>Công dân bỏ quên hồ sơ trong ô</source>
        <translation>Citizen left the papers in the compartment</translation>
    </message>
    <message>
        <source>Hồ sơ không còn trong ô tủ</source>
        <translation>Dossier gone from the compartment</translation>
    </message>
    <message>
        <source>Cảm biến ô tủ báo sai</source>
        <translation>Compartment sensor reads wrong</translation>
    </message>
    <message>
        <source>Công dân báo sự cố tại ô tủ (ô trống hoặc không đúng hồ sơ)</source>
        <translation>A citizen reported a problem at a compartment (empty, or not their papers)</translation>
    </message>
    <message>
        <source>Bo mạch khóa {board}</source>
        <translation>Lock board {board}</translation>
    </message>
    <message>
        <source>Thẻ cán bộ {staff_id}</source>
        <translation>Staff badge {staff_id}</translation>
    </message>
    <message>
        <source>Máy in phiếu</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Nhập mã OTP tại kiosk</source>
        <translation>OTP entry at the kiosk</translation>
    </message>
    <message>
        <source>Đăng nhập cán bộ</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <source>Nạp kết quả vào tủ</source>
        <translation>Result loaded</translation>
    </message>
    <message>
        <source>Công dân nhận kết quả</source>
        <translation>Result picked up</translation>
    </message>
    <message>
        <source>Nhận kết quả không thành</source>
        <translation>Pickup failed</translation>
    </message>
    <message>
        <source>Thu hồi kết quả</source>
        <translation>Result taken back</translation>
    </message>
    <message>
        <source>Hủy mã OTP do nhập sai nhiều lần</source>
        <translation>OTP code voided after too many wrong tries</translation>
    </message>
    <message>
        <source>Công dân xin gửi lại mã OTP</source>
        <translation>A citizen asked for the OTP code again</translation>
    </message>
    <message>
        <source>Công dân nộp hồ sơ</source>
        <translation>Dossier dropped off</translation>
    </message>
    <message>
        <source>Cán bộ lấy hồ sơ đã nộp</source>
        <translation>Drop-off collected</translation>
    </message>
    <message>
        <source>Đánh giá dịch vụ</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <source>Cảnh báo mới</source>
        <translation>Alarm raised</translation>
    </message>
    <message>
        <source>Cảnh báo đã xử lý</source>
        <translation>Alarm cleared</translation>
    </message>
    <message>
        <source>Cán bộ đăng nhập</source>
        <translation>Staff signed in</translation>
    </message>
    <message>
        <source>Cán bộ đăng xuất</source>
        <translation>Staff signed out</translation>
    </message>
    <message>
        <source>không kết nối được với hệ thống (mạng hoặc máy chủ)</source>
        <translation>cannot reach the central system (network or server)</translation>
    </message>
    <message>
        <source>hệ thống không trả lời kịp thời gian chờ</source>
        <translation>the central system did not answer in time</translation>
    </message>
    <message>
        <source>hệ thống trả lời mã lỗi HTTP {status}</source>
        <translation>the central system answered with HTTP error {status}</translation>
    </message>
    <message>
        <source>câu trả lời của hệ thống sai định dạng; không lưu gì từ câu trả lời đó</source>
        <translation>the central system&apos;s reply was malformed; nothing from it was stored</translation>
    </message>
    <message>
        <source>hệ thống từ chối mã xác thực của kiosk (HTTP {status}): kiểm tra mã kiosk và mã xác thực trong cấu hình</source>
        <translation>the central system refused this kiosk&apos;s token (HTTP {status}): check the kiosk id and the token in the configuration</translation>
    </message>
    <message>
        <source>lỗi trong phần đồng bộ của kiosk (xem nhật ký)</source>
        <translation>the kiosk&apos;s own sync failed (see the log)</translation>
    </message>
    <message>
        <source>Nhận kết quả mới</source>
        <translation>Fetching new results</translation>
    </message>
    <message>
        <source>Gửi sự kiện</source>
        <translation>Sending events</translation>
    </message>
    <message>
        <source>Cập nhật danh sách cán bộ</source>
        <translation>Updating the staff list</translation>
    </message>
    <message>
        <source>Gửi tín hiệu hoạt động</source>
        <translation>Sending the heartbeat</translation>
    </message>
    <message>
        <source>máy in hết giấy</source>
        <translation>the printer is out of paper</translation>
    </message>
    <message>
        <source>máy in chưa sẵn sàng (nắp mở, kẹt giấy hoặc mất điện)</source>
        <translation>the printer is not ready (cover open, paper jam or no power)</translation>
    </message>
    <message>
        <source>không tìm thấy thiết bị (cáp hoặc cổng)</source>
        <translation>the device is not there (cable or port)</translation>
    </message>
    <message>
        <source>thiết bị đang bị chương trình khác dùng</source>
        <translation>another program is using the device</translation>
    </message>
    <message>
        <source>thiết bị không trả lời đúng</source>
        <translation>the device does not answer properly</translation>
    </message>
    <message>
        <source>ổ đĩa của máy đã đầy</source>
        <translation>the kiosk&apos;s disk is full</translation>
    </message>
    <message>
        <source>lỗi ổ đĩa hoặc tệp của máy</source>
        <translation>a disk or file problem on the kiosk</translation>
    </message>
    <message>
        <source>Đủ giấy</source>
        <translation>Paper OK</translation>
    </message>
    <message>
        <source>Sắp hết giấy</source>
        <translation>Paper near end</translation>
    </message>
    <message>
        <source>Hết giấy</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>Không rõ</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Kỹ thuật viên</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>mã không đúng</source>
        <translation>wrong code</translation>
    </message>
    <message>
        <source>cần chờ trước lần thử tiếp theo</source>
        <translation>wait before the next try</translation>
    </message>
    <message>
        <source>tạm khóa do nhập sai nhiều lần</source>
        <translation>paused after too many wrong codes</translation>
    </message>
    <message>
        <source>mã đã bị hủy, cần cấp lại</source>
        <translation>the code was voided and must be re-issued</translation>
    </message>
    <message>
        <source>đã hết hạn</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>đã bị thu hồi</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>mã đã được dùng</source>
        <translation>the code was already used</translation>
    </message>
    <message>
        <source>kết quả chưa được nạp vào tủ</source>
        <translation>the result has not been loaded yet</translation>
    </message>
    <message>
        <source>cần các số cuối điện thoại</source>
        <translation>the phone&apos;s last digits are needed</translation>
    </message>
    <message>
        <source>ô tủ đang được mở</source>
        <translation>the door is already being opened</translation>
    </message>
    <message>
        <source>ô tủ đang tạm ngừng sử dụng</source>
        <translation>the compartment is out of service</translation>
    </message>
    <message>
        <source>không còn ô trống phù hợp</source>
        <translation>no suitable free compartment</translation>
    </message>
    <message>
        <source>ô này đang có đồ, bị tắt hoặc quá nhỏ</source>
        <translation>this compartment is occupied, disabled or too small</translation>
    </message>
    <message>
        <source>không có hồ sơ này tại kiosk</source>
        <translation>no such dossier at this kiosk</translation>
    </message>
    <message>
        <source>kết quả đã được nạp vào tủ</source>
        <translation>the result is already loaded</translation>
    </message>
    <message>
        <source>công dân đã nhận kết quả này</source>
        <translation>the citizen already collected this result</translation>
    </message>
    <message>
        <source>mã hồ sơ sai định dạng</source>
        <translation>the dossier code is not well formed</translation>
    </message>
    <message>
        <source>ô tủ không có gì để lấy ra</source>
        <translation>there is nothing in the compartment to take out</translation>
    </message>
</context>
<context>
    <name>TakeOutPage</name>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Đang mở…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Đã mở: lấy ra rồi đóng cửa</source>
        <translation>Open: take it out and close the door</translation>
    </message>
    <message>
        <source>Đã lấy ✓</source>
        <translation>Taken ✓</translation>
    </message>
    <message>
        <source>Vẫn còn trong ô</source>
        <translation>Still inside</translation>
    </message>
    <message>
        <source>Cửa không mở được</source>
        <translation>The door did not open</translation>
    </message>
    <message>
        <source>Chưa rõ đã mở chưa: nhìn cửa, chờ máy báo</source>
        <translation>Not known whether it opened: look at the door, wait</translation>
    </message>
    <message>
        <source>Bo mạch khóa chưa trả lời: báo kỹ thuật viên</source>
        <translation>Lock board not answering: tell a technician</translation>
    </message>
    <message>
        <source>Cần kiểm tra ô: xem Sơ đồ tủ</source>
        <translation>Needs checking: see the locker map</translation>
    </message>
</context>
<context>
    <name>TechAlarmsPage</name>
    <message>
        <source>đã xác nhận</source>
        <translation>acknowledged</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Clear</translation>
    </message>
    <message numerus="yes">
        <source>Cảnh báo đang mở: %n</source>
        <translation>
            <numerusform>Open alarms: %n</numerusform>
            <numerusform>Open alarms: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có cảnh báo nào.</source>
        <translation>No alarms.</translation>
    </message>
</context>
<context>
    <name>TechCommissionPage</name>
    <message>
        <source>Lắp đặt tủ: dò thiết bị và ghi cấu hình</source>
        <translation>Commissioning: find the devices, write the configuration</translation>
    </message>
    <message>
        <source>Dòng {n} ({first}/{second})</source>
        <translation>Line {n} ({first}/{second})</translation>
    </message>
    <message>
        <source>(không thay đổi gì)</source>
        <translation>(no change)</translation>
    </message>
    <message>
        <source>Cần xem lại:</source>
        <translation>To look at:</translation>
    </message>
    <message>
        <source>Không có vấn đề nào.</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>Bo mạch {address}: {protocol} · {baud} baud · {channels} khóa · closed_bit {bit}</source>
        <translation>Board {address}: {protocol} · {baud} baud · {channels} locks · closed_bit {bit}</translation>
    </message>
    <message>
        <source>Đóng tất cả các cửa của tủ rồi chạm “Tìm bo mạch”. Trong lúc lắp đặt, kiosk ngừng theo dõi cửa và máy quét; khi xong, kiosk theo dõi lại.</source>
        <translation>Close every door of the cabinet, then tap “Find boards”. While commissioning runs, the kiosk stops watching the doors and the scanner; it watches them again when done.</translation>
    </message>
    <message>
        <source>Đang tìm bo mạch khóa: các giao thức, tốc độ truyền và địa chỉ…</source>
        <translation>Looking for lock boards: protocols, line speeds and addresses…</translation>
    </message>
    <message>
        <source>Bo mạch {board}, khóa {lock} ({index}/{total}): chạm “Mở thử” rồi xem cửa nào mở.</source>
        <translation>Board {board}, lock {lock} ({index}/{total}): tap “Pulse” and see which door opens.</translation>
    </message>
    <message>
        <source>Đang mở khóa {lock} của bo mạch {board}…</source>
        <translation>Pulsing lock {lock} of board {board}…</translation>
    </message>
    <message>
        <source>Cảm biến thấy một cửa mở. Chạm vào nhãn của cửa vừa mở.</source>
        <translation>The sensor saw a door open. Tap the label of the door that opened.</translation>
    </message>
    <message>
        <source>Cảm biến không thấy cửa nào mở ({why}). Nếu một cửa vẫn mở, chạm vào nhãn của nó.</source>
        <translation>The sensor saw no door open ({why}). If a door opened anyway, tap its label.</translation>
    </message>
    <message>
        <source>Đóng cửa {label} rồi chạm “Đã đóng”.</source>
        <translation>Close {label}, then tap “Closed”.</translation>
    </message>
    <message>
        <source>Đặt một tờ giấy vào ô {label}, đóng cửa rồi chạm “Xong”.</source>
        <translation>Put a sheet of paper in {label}, close it, then tap “Done”.</translation>
    </message>
    <message>
        <source>Lấy tờ giấy ra khỏi ô {label}, đóng cửa rồi chạm “Xong”.</source>
        <translation>Take the paper out of {label}, close it, then tap “Done”.</translation>
    </message>
    <message>
        <source>Đang in phiếu mẫu bảng mã…</source>
        <translation>Printing the code-page sample…</translation>
    </message>
    <message>
        <source>Dòng đánh số nào trên phiếu mẫu đọc đúng “Tiếng Việt: Phường Bến Nghé…”?</source>
        <translation>Which numbered line of the sample reads “Tiếng Việt: Phường Bến Nghé…” correctly?</translation>
    </message>
    <message>
        <source>Chạm “Quét thử” rồi quét mã QR trên phiếu mẫu.</source>
        <translation>Tap “Test scan”, then scan the QR code on the sample receipt.</translation>
    </message>
    <message>
        <source>Đang chờ mã quét (tối đa {seconds} giây)…</source>
        <translation>Waiting for the scan (at most {seconds} s)…</translation>
    </message>
    <message>
        <source>Đang ghi và kiểm tra cấu hình…</source>
        <translation>Writing and checking the configuration…</translation>
    </message>
    <message>
        <source>Xem lại cấu hình mới của {path} (dòng “+” được thêm, dòng “-” bị bỏ) rồi lưu.</source>
        <translation>Review the new configuration of {path} (“+” lines added, “-” lines removed), then save.</translation>
    </message>
    <message>
        <source>Kiosk không được ghi vào thư mục của tệp này: cấu hình mới sẽ được lưu ở {saved} để cài đặt.</source>
        <translation>The kiosk may not write this file&apos;s folder: the new configuration will be saved as {saved}, to be installed.</translation>
    </message>
    <message>
        <source>Đã lưu cấu hình mới ở {saved}. Cài đặt nó bằng “sudo cp {saved} {path}” rồi khởi động lại kiosk. Biên bản lắp đặt: {report}</source>
        <translation>New configuration saved as {saved}. Install it with “sudo cp {saved} {path}”, then restart the kiosk. Commissioning report: {report}</translation>
    </message>
    <message>
        <source>Đã lưu cấu hình. Khởi động lại kiosk để dùng cấu hình mới. Biên bản lắp đặt: {report}</source>
        <translation>Configuration saved. Restart the kiosk to use it. Commissioning report: {report}</translation>
    </message>
    <message>
        <source>Chưa lưu cấu hình. Biên bản lắp đặt: {report}</source>
        <translation>Configuration not saved. Commissioning report: {report}</translation>
    </message>
    <message>
        <source>cửa vẫn đóng: kẹt?</source>
        <translation>the door stayed closed: jammed?</translation>
    </message>
    <message>
        <source>cảm biến đã báo mở từ trước</source>
        <translation>the sensor read open before the pulse</translation>
    </message>
    <message>
        <source>không đọc lại được bo mạch</source>
        <translation>the board could not be read back</translation>
    </message>
    <message>
        <source>Kiosk chạy không có tệp cấu hình (--config hoặc KIOSK_CONFIG): không có nơi lưu cấu hình mới.</source>
        <translation>The kiosk runs without a configuration file (--config or KIOSK_CONFIG): there is nowhere to save a new one.</translation>
    </message>
    <message>
        <source>{label} đã là nhãn của một cửa khác: chọn nhãn khác.</source>
        <translation>{label} is already the label of another door: choose another.</translation>
    </message>
    <message>
        <source>Cảm biến của {label} vẫn báo mở: đóng chặt cửa rồi chạm lại.</source>
        <translation>The sensor of {label} still reads open: push the door shut and tap again.</translation>
    </message>
    <message>
        <source>Không đọc được bo mạch {board}: {fault}.</source>
        <translation>Cannot read board {board}: {fault}.</translation>
    </message>
    <message>
        <source>Cảm biến vật phẩm thấy tờ giấy: dùng cảm biến vật phẩm.</source>
        <translation>The item sensor saw the paper: item sensors on.</translation>
    </message>
    <message>
        <source>Cảm biến vật phẩm của {label} không thấy tờ giấy: không dùng cảm biến vật phẩm.</source>
        <translation>The item sensor of {label} did not see the paper: item sensors off.</translation>
    </message>
    <message>
        <source>Tiếng Việt sẽ được in dạng ảnh (raster).</source>
        <translation>Vietnamese will be printed as images (raster).</translation>
    </message>
    <message>
        <source>một khoảng lặng</source>
        <translation>a pause</translation>
    </message>
    <message>
        <source>, có tiền tố AIM</source>
        <translation>, with an AIM prefix</translation>
    </message>
    <message>
        <source>Máy quét kết thúc mã bằng {suffix}{aim}.</source>
        <translation>The scanner ends codes with {suffix}{aim}.</translation>
    </message>
    <message>
        <source>Máy quét không dùng cổng serial: không cần dò ký tự kết thúc.</source>
        <translation>The scanner is not on a serial port: no suffix to learn.</translation>
    </message>
    <message>
        <source>Tìm bo mạch</source>
        <translation>Find boards</translation>
    </message>
    <message>
        <source>Mở thử</source>
        <translation>Pulse</translation>
    </message>
    <message>
        <source>Bỏ qua khóa này</source>
        <translation>Skip this lock</translation>
    </message>
    <message>
        <source>Bỏ qua bo mạch này</source>
        <translation>Skip this board</translation>
    </message>
    <message>
        <source>Kết thúc đi cửa</source>
        <translation>End the door walk</translation>
    </message>
    <message>
        <source>Đúng, là {label}</source>
        <translation>Yes, it is {label}</translation>
    </message>
    <message>
        <source>Không có cửa nào mở</source>
        <translation>No door opened</translation>
    </message>
    <message>
        <source>Đã đóng</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Không dòng nào đúng</source>
        <translation>No line is right</translation>
    </message>
    <message>
        <source>Quét thử</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>Bỏ qua máy quét</source>
        <translation>Skip the scanner</translation>
    </message>
    <message>
        <source>Lưu cấu hình</source>
        <translation>Save the configuration</translation>
    </message>
    <message>
        <source>Không lưu</source>
        <translation>Do not save</translation>
    </message>
    <message>
        <source>Lắp đặt lại từ đầu</source>
        <translation>Start commissioning again</translation>
    </message>
</context>
<context>
    <name>TechDoorsPage</name>
    <message>
        <source>Cửa và bo mạch khóa: chạm vào một ô để mở thử</source>
        <translation>Doors and lock boards: tap a compartment to test it</translation>
    </message>
    <message>
        <source>Mở thử lần lượt tất cả</source>
        <translation>Test every door in turn</translation>
    </message>
    <message>
        <source>trực tuyến</source>
        <translation>online</translation>
    </message>
    <message>
        <source>MẤT KẾT NỐI</source>
        <translation>OFFLINE</translation>
    </message>
    <message>
        <source>chưa liên lạc</source>
        <translation>not contacted yet</translation>
    </message>
    <message>
        <source>Bo mạch {board}: {state} · lỗi khung {errors} · không trả lời {timeouts}</source>
        <translation>Board {board}: {state} · frame errors {errors} · no reply {timeouts}</translation>
    </message>
    <message>
        <source>kẹt {jams}, cạy {forced}</source>
        <translation>jammed {jams}, forced {forced}</translation>
    </message>
    <message>
        <source>đóng</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>MỞ</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <source>có đồ</source>
        <translation>item</translation>
    </message>
    <message>
        <source>trống</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>không đọc được</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>đang mở</source>
        <translation>opening</translation>
    </message>
    <message>
        <source>mở được ✓</source>
        <translation>opened ✓</translation>
    </message>
    <message>
        <source>KẸT</source>
        <translation>JAMMED</translation>
    </message>
    <message>
        <source>không mở</source>
        <translation>not opened</translation>
    </message>
</context>
<context>
    <name>TechLogsPage</name>
    <message>
        <source>Nhật ký</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Chưa có dòng nhật ký nào.</source>
        <translation>No log lines yet.</translation>
    </message>
    <message>
        <source>Nhật ký kiểm toán: chưa kiểm tra</source>
        <translation>Audit log: not checked yet</translation>
    </message>
    <message>
        <source>Kiểm tra nhật ký kiểm toán</source>
        <translation>Verify the audit log</translation>
    </message>
    <message>
        <source>Xuất nhật ký, cấu hình (không có mật khẩu) và nhật ký kiểm toán ra:</source>
        <translation>Export the logs, the configuration (without secrets) and the audit log to:</translation>
    </message>
    <message>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
    <message numerus="yes">
        <source>Đã xuất %n tệp vào {folder}; nhật ký kiểm toán trong đó nguyên vẹn.</source>
        <translation>
            <numerusform>Exported %n file to {folder}; the audit log in it is intact.</numerusform>
            <numerusform>Exported %n files to {folder}; the audit log in it is intact.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã xuất %n tệp vào {folder}; nhật ký kiểm toán trong đó BỊ HỎNG tại dòng {seq}.</source>
        <translation>
            <numerusform>Exported %n file to {folder}; the audit log in it is BROKEN at row {seq}.</numerusform>
            <numerusform>Exported %n files to {folder}; the audit log in it is BROKEN at row {seq}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Không xuất được vào {dest}: {why}.</source>
        <translation>Could not export to {dest}: {why}.</translation>
    </message>
    <message>
        <source>Không xuất được: có lỗi không mong đợi; chi tiết đã được ghi vào nhật ký.</source>
        <translation>Could not export: an unexpected error; the details are in the log.</translation>
    </message>
    <message>
        <source>hết chỗ trống</source>
        <translation>no space left</translation>
    </message>
    <message>
        <source>ổ chỉ cho đọc, không cho ghi</source>
        <translation>the drive is read-only</translation>
    </message>
    <message>
        <source>không có quyền ghi</source>
        <translation>no permission to write</translation>
    </message>
    <message>
        <source>không còn thấy thư mục (ổ USB đã được rút ra?)</source>
        <translation>the folder is gone (was the USB stick pulled out?)</translation>
    </message>
    <message>
        <source>không còn thấy ổ (ổ USB đã được rút ra?)</source>
        <translation>the drive is gone (was the USB stick pulled out?)</translation>
    </message>
    <message>
        <source>lỗi đọc ghi trên ổ</source>
        <translation>a read or write error on the drive</translation>
    </message>
    <message>
        <source>đường dẫn không phải là một thư mục</source>
        <translation>the path is not a folder</translation>
    </message>
    <message>
        <source>lỗi khi ghi tệp (mã lỗi {number})</source>
        <translation>a file write error (error {number})</translation>
    </message>
    <message>
        <source>Nhật ký kiểm toán BỊ HỎNG tại dòng {seq}: {finding}</source>
        <translation>Audit log BROKEN at row {seq}: {finding}</translation>
    </message>
    <message numerus="yes">
        <source>Nhật ký kiểm toán nguyên vẹn: %n dòng</source>
        <translation>
            <numerusform>Audit log intact: %n row</numerusform>
            <numerusform>Audit log intact: %n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>kiểm tra từ điểm mốc ở dòng {seq}</source>
        <translation>checked from the checkpoint at row {seq}</translation>
    </message>
    <message>
        <source>dòng cuối khớp với mốc neo ở dòng {seq}</source>
        <translation>head matches the anchor at row {seq}</translation>
    </message>
    <message>
        <source>chưa kiểm tra mốc neo: không có khóa thiết bị</source>
        <translation>anchor not checked: no device key</translation>
    </message>
    <message>
        <source>không có lỗi</source>
        <translation>no fault</translation>
    </message>
    <message>
        <source>thiếu một dòng ở giữa</source>
        <translation>a row is missing from the middle</translation>
    </message>
    <message>
        <source>một dòng không nối tiếp dòng trước</source>
        <translation>a row does not follow the one before</translation>
    </message>
    <message>
        <source>nội dung một dòng đã bị sửa</source>
        <translation>a row&apos;s contents were altered</translation>
    </message>
    <message>
        <source>các dòng mới nhất đã bị xóa</source>
        <translation>the newest rows were removed</translation>
    </message>
    <message>
        <source>chuỗi đã bị tính lại, không khớp mốc neo</source>
        <translation>the chain was recomputed and does not match the anchor</translation>
    </message>
    <message>
        <source>có dòng được ghi thêm ngoài phần mềm kiosk</source>
        <translation>rows were added outside the kiosk software</translation>
    </message>
    <message>
        <source>mất mốc neo</source>
        <translation>the anchor is missing</translation>
    </message>
    <message>
        <source>mốc neo bị giả mạo</source>
        <translation>the anchor is forged</translation>
    </message>
    <message>
        <source>cơ sở dữ liệu chưa được nâng cấp để có mốc neo</source>
        <translation>the database was not migrated to have an anchor</translation>
    </message>
</context>
<context>
    <name>TechMenuPage</name>
    <message>
        <source>Chế độ chẩn đoán</source>
        <translation>Diagnostics mode</translation>
    </message>
    <message>
        <source>Không rõ</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Cửa và bo mạch khóa</source>
        <translation>Doors and lock boards</translation>
    </message>
    <message>
        <source>{online}/{total} bo mạch trực tuyến</source>
        <translation>{online}/{total} boards online</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Sẵn sàng</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Chưa sẵn sàng</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Đang hoạt động</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Không hoạt động</source>
        <translation>Not working</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <source>%n sự kiện chờ gửi</source>
        <translation>
            <numerusform>%n event waiting to be sent</numerusform>
            <numerusform>%n events waiting to be sent</numerusform>
        </translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Alarms</translation>
    </message>
    <message numerus="yes">
        <source>%n cảnh báo đang mở</source>
        <translation>
            <numerusform>%n open alarm</numerusform>
            <numerusform>%n open alarms</numerusform>
        </translation>
    </message>
    <message>
        <source>Nhật ký</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Xem, xuất ra USB, kiểm tra nhật ký kiểm toán</source>
        <translation>View, export to USB, verify the audit log</translation>
    </message>
    <message>
        <source>Lắp đặt tủ</source>
        <translation>Commissioning</translation>
    </message>
    <message>
        <source>Dò bo mạch, cửa, máy in, máy quét; ghi cấu hình</source>
        <translation>Find boards, doors, printer, scanner; write the configuration</translation>
    </message>
</context>
<context>
    <name>TechPrinterPage</name>
    <message>
        <source>Máy in</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Đang hỏi trạng thái máy in…</source>
        <translation>Asking the printer for its status…</translation>
    </message>
    <message>
        <source>Sẵn sàng: {value}</source>
        <translation>Ready: {value}</translation>
    </message>
    <message>
        <source>Trả lời: {value}</source>
        <translation>Answering: {value}</translation>
    </message>
    <message>
        <source>Giấy: {value}</source>
        <translation>Paper: {value}</translation>
    </message>
    <message>
        <source>Nắp mở: {value}</source>
        <translation>Cover open: {value}</translation>
    </message>
    <message>
        <source>Lỗi dao cắt: {value}</source>
        <translation>Cutter error: {value}</translation>
    </message>
    <message>
        <source>Không in được: máy in hết giấy.</source>
        <translation>Not printed: the printer is out of paper.</translation>
    </message>
    <message>
        <source>Không in được: máy in không sẵn sàng (xem trạng thái ở trên).</source>
        <translation>Not printed: the printer is not ready (see its status above).</translation>
    </message>
    <message>
        <source>Đã in {printed} phiếu, lỗi {failed}</source>
        <translation>{printed} receipts printed, {failed} failed</translation>
    </message>
    <message>
        <source>Đang in phiếu thử…</source>
        <translation>Printing a test receipt…</translation>
    </message>
    <message>
        <source>Đã in phiếu thử.</source>
        <translation>Test receipt printed.</translation>
    </message>
    <message>
        <source>In phiếu thử</source>
        <translation>Print a test receipt</translation>
    </message>
    <message>
        <source>Lịch sử giấy in</source>
        <translation>Paper history</translation>
    </message>
    <message>
        <source>Chưa ghi nhận thay đổi nào.</source>
        <translation>No change recorded yet.</translation>
    </message>
</context>
<context>
    <name>TechScannerPage</name>
    <message>
        <source>Máy quét: thử đọc mã</source>
        <translation>Scanner: read test</translation>
    </message>
    <message>
        <source>Đưa một mã QR hoặc mã vạch bất kỳ vào máy quét.</source>
        <translation>Hold any QR code or barcode to the scanner.</translation>
    </message>
    <message>
        <source>Chưa đọc được mã nào</source>
        <translation>No code read yet</translation>
    </message>
    <message numerus="yes">
        <source>Đọc lúc {time} · %n lần trong lần thử này</source>
        <translation>
            <numerusform>Read at {time} · %n read in this test</numerusform>
            <numerusform>Read at {time} · %n reads in this test</numerusform>
        </translation>
    </message>
    <message>
        <source>Loại: {kind} · cổng: {port} · đã đọc {reads} · bỏ qua {discarded}</source>
        <translation>Kind: {kind} · port: {port} · read {reads} · discarded {discarded}</translation>
    </message>
    <message>
        <source>cổng nối tiếp</source>
        <translation>serial port</translation>
    </message>
    <message>
        <source>bàn phím USB (evdev)</source>
        <translation>USB keyboard (evdev)</translation>
    </message>
    <message>
        <source>không có máy quét</source>
        <translation>no scanner</translation>
    </message>
</context>
<context>
    <name>TechSyncPage</name>
    <message>
        <source>Hệ thống trả lời: “{reason}”</source>
        <translation>The central system said: “{reason}”</translation>
    </message>
    <message>
        <source>Hệ thống không nêu lý do.</source>
        <translation>The central system gave no reason.</translation>
    </message>
    <message>
        <source>Đồng bộ với hệ thống một cửa điện tử</source>
        <translation>Sync with the one-stop system</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Lần đồng bộ thành công gần nhất: {time}</source>
        <translation>Last successful sync: {time}</translation>
    </message>
    <message>
        <source>Lỗi gần nhất: {error}</source>
        <translation>Last error: {error}</translation>
    </message>
    <message>
        <source>Sự kiện chờ gửi: {count} (cũ nhất: {time})</source>
        <translation>Events waiting to be sent: {count} (oldest: {time})</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Đã yêu cầu đồng bộ; kết quả hiện ở trên sau vài giây.</source>
        <translation>Sync requested; the result shows above within a few seconds.</translation>
    </message>
    <message>
        <source>Sự kiện bị hệ thống từ chối</source>
        <translation>Events the system rejected</translation>
    </message>
    <message>
        <source>Không có sự kiện nào bị từ chối.</source>
        <translation>No rejected events.</translation>
    </message>
</context>
</TS>
