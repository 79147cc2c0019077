"""Operations: watching the running bot (/about, the monitor)."""
