/**
 * A small history-API router: the path picks the page, the query string holds filters, and links
 * are real anchors (so they work with the keyboard, middle-click and screen readers).
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react'

const NAV_EVENT = 'cp:navigate'

/** Goes to an in-app URL. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAV_EVENT))
  window.scrollTo(0, 0)
}

/** The current location, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams; href: string } {
  const [href, setHref] = useState(() => location.pathname + location.search)
  useEffect(() => {
    const on = () => setHref(location.pathname + location.search)
    window.addEventListener('popstate', on)
    window.addEventListener(NAV_EVENT, on)
    return () => {
      window.removeEventListener('popstate', on)
      window.removeEventListener(NAV_EVENT, on)
    }
  }, [])
  const u = new URL(href, location.origin)
  return { path: u.pathname, query: u.searchParams, href }
}

/** An in-app link. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return
    e.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={click} {...rest} />
}
