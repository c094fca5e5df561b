// The width of an element in CSS pixels, kept current as the layout changes: the timeline turns pixels into time
// with it (drag distances, minimum bar widths).
import { useEffect, useState } from 'react';

export function useElementWidth(el: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el) return;
    const measure = () => setWidth(el.getBoundingClientRect().width);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return width;
}
