"use client";
// Focus within the editor and its menus (the selection menu stays open while it is inside), and Escape closing
// the innermost open thing (`closeInnermost` answers whether it closed something).
import { type RefObject, useEffect, useRef, useState } from "react";

export function useEditorFocus(wrapperRef: RefObject<HTMLDivElement | null>, closeInnermost: () => boolean, onLeave: () => void) {
  const [focusWithin, setFocusWithin] = useState(false);
  const escapeRef = useRef(closeInnermost);
  escapeRef.current = closeInnermost;
  const leaveRef = useRef(onLeave);
  leaveRef.current = onLeave;
  useEffect(() => {
    const el = wrapperRef.current;
    if (!el) return;
    const focusIn = () => setFocusWithin(true);
    const focusOut = (event: globalThis.FocusEvent) => {
      const next = event.relatedTarget;
      if (!(next instanceof Node && el.contains(next))) {
        setFocusWithin(false);
        leaveRef.current();
      }
    };
    const keyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && escapeRef.current()) event.preventDefault();
    };
    el.addEventListener("focusin", focusIn);
    el.addEventListener("focusout", focusOut);
    el.addEventListener("keydown", keyDown);
    return () => {
      el.removeEventListener("focusin", focusIn);
      el.removeEventListener("focusout", focusOut);
      el.removeEventListener("keydown", keyDown);
    };
  }, [wrapperRef]);
  return focusWithin;
}
