"""The technicians' diagnostics screens (chế độ chẩn đoán), inside the staff console."""
