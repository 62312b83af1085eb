"""Receipt printer: ESC/POS driver (escpos_printer) and the receipt layout (layout)."""
