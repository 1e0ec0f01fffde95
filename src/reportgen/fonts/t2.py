"""A Type 2 charstring interpreter that returns a glyph's outline and nothing else.

Input: charstring bytes and the local/global subroutine INDEXes (see ``cff.py``).
Output: contours, each a list whose first item is the start point ``(x, y)`` followed by
segments: ``(x, y)`` for a line to that point, ``(x1, y1, x2, y2, x3, y3)`` for a cubic curve.

Why our own: drawing through fontTools' T2CharString (tokenise, dispatch by operator name,
pen callbacks, then Cu2QuPen and TTGlyphPen layers) was the largest single cost of converting
Noto CJK. Width, hints and hint masks only need to be skipped here; the advance comes from hmtx.
Operators a text font has no use for (arithmetic, storage, seac-style endchar) raise
``Unsupported`` so the caller can fall back to fontTools.
"""

from __future__ import annotations

from reportgen.fonts.sfnt import Unsupported


def _bias(subrs) -> int:
    count = len(subrs)
    return 107 if count < 1240 else 1131 if count < 33900 else 32768


def outline(code: bytes, local_subrs, global_subrs) -> list[list[tuple]]:
    contours: list[list[tuple]] = []
    contour: list[tuple] | None = None
    stack: list = []
    x = y = 0
    stems = 0
    local_bias, global_bias = _bias(local_subrs), _bias(global_subrs)
    calls: list[tuple[bytes, int]] = []
    pos, end = 0, len(code)
    while True:
        if pos >= end:
            if not calls:
                break
            code, pos = calls.pop()  # a subroutine that ends without "return"
            end = len(code)
            continue
        b0 = code[pos]
        pos += 1
        # ---- operands (most bytes are these)
        if b0 >= 32:
            if b0 <= 246:
                stack.append(b0 - 139)
            elif b0 <= 250:
                stack.append((b0 - 247) * 256 + code[pos] + 108)
                pos += 1
            elif b0 <= 254:
                stack.append(-(b0 - 251) * 256 - code[pos] - 108)
                pos += 1
            else:  # 16.16 fixed
                stack.append(int.from_bytes(code[pos : pos + 4], "big", signed=True) / 65536)
                pos += 4
            continue
        if b0 == 28:
            stack.append(int.from_bytes(code[pos : pos + 2], "big", signed=True))
            pos += 2
            continue
        # ---- subroutines
        if b0 == 10 or b0 == 29:
            if b0 == 10:
                target = local_subrs[stack.pop() + local_bias]
            else:
                target = global_subrs[stack.pop() + global_bias]
            if len(calls) > 10:
                raise Unsupported("subroutines nested deeper than 10")
            calls.append((code, pos))
            code, pos, end = target, 0, len(target)
            continue
        if b0 == 11:  # return
            code, pos = calls.pop()
            end = len(code)
            continue
        # ---- path construction (coordinates in the charstring are relative)
        if b0 == 8:  # rrcurveto
            for i in range(0, len(stack) - 5, 6):
                x1 = x + stack[i]
                y1 = y + stack[i + 1]
                x2 = x1 + stack[i + 2]
                y2 = y1 + stack[i + 3]
                x = x2 + stack[i + 4]
                y = y2 + stack[i + 5]
                contour.append((x1, y1, x2, y2, x, y))
        elif b0 == 30 or b0 == 31:  # vhcurveto, hvcurveto: tangents alternate
            horizontal = b0 == 31
            n = len(stack)
            i = 0
            while i + 4 <= n:
                last = stack[i + 4] if n - i == 5 else 0
                if horizontal:
                    x1, y1 = x + stack[i], y
                    x2, y2 = x1 + stack[i + 1], y1 + stack[i + 2]
                    x, y = x2 + last, y2 + stack[i + 3]
                else:
                    x1, y1 = x, y + stack[i]
                    x2, y2 = x1 + stack[i + 1], y1 + stack[i + 2]
                    x, y = x2 + stack[i + 3], y2 + last
                contour.append((x1, y1, x2, y2, x, y))
                horizontal = not horizontal
                i += 4
        elif b0 == 5:  # rlineto
            for i in range(0, len(stack) - 1, 2):
                x += stack[i]
                y += stack[i + 1]
                contour.append((x, y))
        elif b0 == 6 or b0 == 7:  # hlineto, vlineto: directions alternate
            horizontal = b0 == 6
            for value in stack:
                if horizontal:
                    x += value
                else:
                    y += value
                contour.append((x, y))
                horizontal = not horizontal
        elif b0 == 21 or b0 == 22 or b0 == 4:  # rmoveto, hmoveto, vmoveto (may carry the width)
            if contour is not None and len(contour) > 1:
                contours.append(contour)
            if b0 == 21:
                x += stack[-2]
                y += stack[-1]
            elif b0 == 22:
                x += stack[-1]
            else:
                y += stack[-1]
            contour = [(x, y)]
        elif b0 == 26 or b0 == 27:  # vvcurveto, hhcurveto
            n = len(stack)
            i = n % 4
            first = stack[0] if i else 0
            while i + 4 <= n:
                if b0 == 26:
                    x1, y1 = x + first, y + stack[i]
                    x2, y2 = x1 + stack[i + 1], y1 + stack[i + 2]
                    x, y = x2, y2 + stack[i + 3]
                else:
                    x1, y1 = x + stack[i], y + first
                    x2, y2 = x1 + stack[i + 1], y1 + stack[i + 2]
                    x, y = x2 + stack[i + 3], y2
                contour.append((x1, y1, x2, y2, x, y))
                first = 0
                i += 4
        elif b0 == 24:  # rcurveline
            n = len(stack)
            for i in range(0, n - 7, 6):
                x1, y1 = x + stack[i], y + stack[i + 1]
                x2, y2 = x1 + stack[i + 2], y1 + stack[i + 3]
                x, y = x2 + stack[i + 4], y2 + stack[i + 5]
                contour.append((x1, y1, x2, y2, x, y))
            x += stack[n - 2]
            y += stack[n - 1]
            contour.append((x, y))
        elif b0 == 25:  # rlinecurve
            n = len(stack)
            for i in range(0, n - 7, 2):
                x += stack[i]
                y += stack[i + 1]
                contour.append((x, y))
            x1, y1 = x + stack[n - 6], y + stack[n - 5]
            x2, y2 = x1 + stack[n - 4], y1 + stack[n - 3]
            x, y = x2 + stack[n - 2], y2 + stack[n - 1]
            contour.append((x1, y1, x2, y2, x, y))
        # ---- hints: only their count matters (it sizes the hint masks)
        elif b0 in (1, 3, 18, 23):  # hstem, vstem, hstemhm, vstemhm
            stems += len(stack) // 2
        elif b0 == 19 or b0 == 20:  # hintmask, cntrmask; operands left are implied vstems
            stems += len(stack) // 2
            pos += (stems + 7) // 8
        elif b0 == 14:  # endchar
            if len(stack) >= 4:
                raise Unsupported("endchar with accent operands (seac)")
            break
        elif b0 == 12:
            op = code[pos]
            pos += 1
            _flex(op, stack, contour, x, y)
            x, y = contour[-1][4], contour[-1][5]
        else:
            raise Unsupported(f"charstring operator {b0}")
        stack.clear()
    if contour is not None and len(contour) > 1:
        contours.append(contour)
    return contours


def _flex(op: int, s: list, contour: list, x, y) -> None:
    """The flex operators: each draws two curves (we ignore the flex depth)."""
    if op == 35:  # flex
        x1, y1 = x + s[0], y + s[1]
        x2, y2 = x1 + s[2], y1 + s[3]
        x3, y3 = x2 + s[4], y2 + s[5]
        x4, y4 = x3 + s[6], y3 + s[7]
        x5, y5 = x4 + s[8], y4 + s[9]
        x6, y6 = x5 + s[10], y5 + s[11]
    elif op == 34:  # hflex
        x1, y1 = x + s[0], y
        x2, y2 = x1 + s[1], y1 + s[2]
        x3, y3 = x2 + s[3], y2
        x4, y4 = x3 + s[4], y2
        x5, y5 = x4 + s[5], y
        x6, y6 = x5 + s[6], y
    elif op == 36:  # hflex1
        x1, y1 = x + s[0], y + s[1]
        x2, y2 = x1 + s[2], y1 + s[3]
        x3, y3 = x2 + s[4], y2
        x4, y4 = x3 + s[5], y2
        x5, y5 = x4 + s[6], y4 + s[7]
        x6, y6 = x5 + s[8], y
    elif op == 37:  # flex1: the last coordinate goes along the dominant direction
        x1, y1 = x + s[0], y + s[1]
        x2, y2 = x1 + s[2], y1 + s[3]
        x3, y3 = x2 + s[4], y2 + s[5]
        x4, y4 = x3 + s[6], y3 + s[7]
        x5, y5 = x4 + s[8], y4 + s[9]
        if abs(x5 - x) > abs(y5 - y):
            x6, y6 = x5 + s[10], y
        else:
            x6, y6 = x, y5 + s[10]
    else:
        raise Unsupported(f"charstring operator 12 {op}")
    contour.append((x1, y1, x2, y2, x3, y3))
    contour.append((x4, y4, x5, y5, x6, y6))
