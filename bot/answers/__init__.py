"""What each command answers, as Replies: shared by the Discord commands, the console and digests.

Functions here read one `Story` and never touch the transport, so a command's answer is the
same whether it is drawn as an embed or in a terminal.
"""
